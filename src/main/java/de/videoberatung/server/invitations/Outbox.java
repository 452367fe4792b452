package de.videoberatung.server.invitations;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.db.EpochMillis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The outbox tables ({@code invitation_outbox}, {@code invitation_plan}); every method works in the caller's connection. */
final class Outbox {

    /** One message to send. */
    record Row(long id, long appointmentId, MessageKind kind, Medium medium, int sequence, int attempts,
               String lastError) {
    }

    /** What the customer was last told: the calendar entry's sequence and times, and whether it was cancelled. */
    record Plan(int sequence, Instant startsAt, Instant endsAt, boolean cancelled) {
    }

    private Outbox() {
    }

    static Optional<CustomerAppointment> appointment(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ap.id, ap.channel, ap.status, ap.starts_at, "
                + "ap.ends_at, ap.customer_email, ap.customer_phone, ap.customer_language, ap.join_token_sealed, "
                + "ac.display_name FROM appointment ap JOIN account ac ON ac.id = ap.advisor_id WHERE ap.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CustomerAppointment(rs.getLong("id"), rs.getString("display_name"),
                        Channel.valueOf(rs.getString("channel")), AppointmentStatus.valueOf(rs.getString("status")),
                        EpochMillis.read(rs, "starts_at"), EpochMillis.read(rs, "ends_at"),
                        rs.getString("customer_email"), rs.getString("customer_phone"),
                        rs.getString("customer_language"), rs.getString("join_token_sealed")));
            }
        }
    }

    static Optional<Plan> plan(Connection c, long appointmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence, starts_at, ends_at, cancelled "
                + "FROM invitation_plan WHERE appointment_id = ?")) {
            ps.setLong(1, appointmentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Plan(rs.getInt("sequence"), EpochMillis.read(rs, "starts_at"),
                        EpochMillis.read(rs, "ends_at"), rs.getInt("cancelled") != 0)) : Optional.empty();
            }
        }
    }

    static void savePlan(Connection c, long appointmentId, Plan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO invitation_plan "
                + "(appointment_id, sequence, starts_at, ends_at, cancelled) VALUES (?,?,?,?,?) "
                + "ON CONFLICT (appointment_id) DO UPDATE SET sequence = excluded.sequence, "
                + "starts_at = excluded.starts_at, ends_at = excluded.ends_at, cancelled = excluded.cancelled")) {
            ps.setLong(1, appointmentId);
            ps.setInt(2, plan.sequence());
            ps.setLong(3, plan.startsAt().toEpochMilli());
            ps.setLong(4, plan.endsAt().toEpochMilli());
            ps.setInt(5, plan.cancelled() ? 1 : 0);
            ps.executeUpdate();
        }
    }

    static void enqueue(Connection c, long appointmentId, MessageKind kind, Medium medium, int sequence,
                        Instant dueAt, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO invitation_outbox (appointment_id, kind, "
                + "medium, sequence, state, next_attempt_at, created_at, updated_at) "
                + "VALUES (?,?,?,?,'PENDING',?,?,?)")) {
            ps.setLong(1, appointmentId);
            ps.setString(2, kind.name());
            ps.setString(3, medium.name());
            ps.setInt(4, sequence);
            ps.setLong(5, dueAt.toEpochMilli());
            ps.setLong(6, now.toEpochMilli());
            ps.setLong(7, now.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** Which pending messages to drop. */
    enum Drop {
        ALL(""), REMINDERS(" AND kind = 'REMINDER'"), MESSAGES(" AND kind <> 'REMINDER'");

        private final String condition;

        Drop(String condition) {
            this.condition = condition;
        }
    }

    /** Pending messages of the appointment that are no longer wanted. */
    static void dropPending(Connection c, long appointmentId, Drop which, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE invitation_outbox SET state = 'DROPPED', "
                + "updated_at = ? WHERE appointment_id = ? AND state = 'PENDING'" + which.condition)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, appointmentId);
            ps.executeUpdate();
        }
    }

    /**
     * Whether the customer may have the calendar entry: an invitation or update was sent, or an attempt was
     * under way (a mail the server accepted just before the worker could mark it counts as sent).
     */
    static boolean announced(Connection c, long appointmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM invitation_outbox WHERE appointment_id = ? "
                + "AND kind IN ('INVITATION', 'UPDATE') AND (state = 'SENT' OR attempts > 0) LIMIT 1")) {
            ps.setLong(1, appointmentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The oldest due messages, in the order they were planned. */
    static List<Row> due(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, appointment_id, kind, medium, sequence, "
                + "attempts, last_error FROM invitation_outbox WHERE state = 'PENDING' AND next_attempt_at <= ? "
                + "ORDER BY next_attempt_at, id LIMIT ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong("id"), rs.getLong("appointment_id"),
                            MessageKind.valueOf(rs.getString("kind")), Medium.valueOf(rs.getString("medium")),
                            rs.getInt("sequence"), rs.getInt("attempts"), rs.getString("last_error")));
                }
            }
            return rows;
        }
    }

    /** When the next pending message is due, if any. */
    static Optional<Instant> nextDue(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT MIN(next_attempt_at) FROM invitation_outbox WHERE state = 'PENDING'")) {
            try (ResultSet rs = ps.executeQuery()) {
                long at = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() || at == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
            }
        }
    }

    /** Counts the attempt before the message goes out, so a cancellation knows it may have arrived. */
    static void attempting(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE invitation_outbox SET attempts = attempts + 1, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Final states: SENT, FAILED (with its reason) or DROPPED. */
    static void finish(Connection c, long id, String state, String reason, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE invitation_outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, reason);
            ps.setLong(3, now.toEpochMilli());
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /**
     * The mail server (or gateway) is unreachable: every pending message of that medium due before
     * {@code until} waits until then, keeping its order. Answers the appointments whose state now shows the reason.
     */
    static List<Long> postpone(Connection c, Medium medium, Instant until, String reason, Instant now)
            throws SQLException {
        List<Long> appointments = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT appointment_id FROM invitation_outbox "
                + "WHERE state = 'PENDING' AND medium = ? AND next_attempt_at < ? "
                + "AND (last_error IS NULL OR last_error <> ?)")) {
            ps.setString(1, medium.name());
            ps.setLong(2, until.toEpochMilli());
            ps.setString(3, reason);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    appointments.add(rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE invitation_outbox SET next_attempt_at = ?, "
                + "last_error = ?, updated_at = ? WHERE state = 'PENDING' AND medium = ? AND next_attempt_at < ?")) {
            ps.setLong(1, until.toEpochMilli());
            ps.setString(2, reason);
            ps.setLong(3, now.toEpochMilli());
            ps.setString(4, medium.name());
            ps.setLong(5, until.toEpochMilli());
            ps.executeUpdate();
        }
        return appointments;
    }
}
