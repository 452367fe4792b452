package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.Channel;
import de.videoberatung.api.CustomerCheck;
import de.videoberatung.api.InvitationState;
import de.videoberatung.api.InvitationStatus;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.db.EpochMillis;
import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.SqliteDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Appointments and their status history in the server's database. */
final class AppointmentStore {

    private static final String SELECT = "SELECT ap.*, ac.display_name AS advisor_name, "
            + "iv.state AS invitation_state, iv.reason AS invitation_reason, iv.at AS invitation_at "
            + "FROM appointment ap JOIN account ac ON ac.id = ap.advisor_id "
            + "LEFT JOIN invitation_status iv ON iv.appointment_id = ap.id ";

    private final SqliteDatabase db;
    private final Supplier<URI> publicUrl;
    private final FieldCipher joinLinks;

    /**
     * @param joinLinks seals the copy of each join token kept for showing the link (docs/privacy.md); the
     *                  token itself is looked up by its SHA-256 hash
     */
    AppointmentStore(SqliteDatabase db, Supplier<URI> publicUrl, FieldCipher joinLinks) {
        this.db = db;
        this.publicUrl = publicUrl;
        this.joinLinks = joinLinks;
    }

    /**
     * Moves join tokens stored in the clear (before V50) to their hash and sealed copy, so links already
     * sent keep working; runs at every start and finds nothing to do after the first.
     */
    int sealPlainJoinTokens() {
        return db.inTransaction(c -> {
            Map<Long, String> plain = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, join_token FROM appointment WHERE join_token IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plain.put(rs.getLong(1), rs.getString(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE appointment SET join_token = NULL, "
                    + "join_token_hash = ?, join_token_sealed = ? WHERE id = ?")) {
                for (Map.Entry<Long, String> e : plain.entrySet()) {
                    ps.setString(1, Tokens.sha256(e.getValue()));
                    ps.setString(2, joinLinks.seal(e.getValue()));
                    ps.setLong(3, e.getKey());
                    ps.executeUpdate();
                }
            }
            return plain.size();
        });
    }

    /** Runs {@code work} in one transaction; the store's writes inside it join it. */
    <T> T atomically(Supplier<T> work) {
        return db.inTransaction(c -> work.get());
    }

    /** A stored appointment with the fields the API does not show to everyone. */
    record Stored(Appointment appointment, long teamId, String joinToken) {
    }

    long insert(NewAppointment a, String joinToken, Instant now) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO appointment (" + FIELDS + ", status, "
                    + "join_token_hash, join_token_sealed, updated_at, external_id, created_by) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                bindFields(ps, a);
                ps.setString(12, AppointmentStatus.SCHEDULED.name());
                ps.setString(13, joinToken == null ? null : Tokens.sha256(joinToken));
                ps.setString(14, joinLinks.seal(joinToken));
                ps.setLong(15, now.toEpochMilli());
                ps.setString(16, a.externalId());
                bindNullable(ps, 17, a.createdBy());
                ps.executeUpdate();
                long id = AccountStore.generatedId(ps);
                logChange(c, id, "CREATED", a.createdBy(), now, a.startsAt(), a.endsAt());
                return id;
            }
        });
    }

    /**
     * Writes the edited fields of a still scheduled appointment (a reschedule keeps its join token: the link's
     * window follows the new times); {@code joinToken} is set only where none exists yet (a change to video).
     * False if the appointment is no longer scheduled.
     */
    boolean update(long id, NewAppointment a, String joinToken, String action, Long changedBy, Instant now) {
        return db.inTransaction(c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE appointment SET (" + FIELDS + ") = "
                    + "(?,?,?,?,?,?,?,?,?,?,?), join_token_hash = COALESCE(join_token_hash, ?), "
                    + "join_token_sealed = COALESCE(join_token_sealed, ?), updated_at = ? WHERE id = ? AND status = ?")) {
                bindFields(ps, a);
                ps.setString(12, joinToken == null ? null : Tokens.sha256(joinToken));
                ps.setString(13, joinLinks.seal(joinToken));
                ps.setLong(14, now.toEpochMilli());
                ps.setLong(15, id);
                ps.setString(16, AppointmentStatus.SCHEDULED.name());
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                logChange(c, id, action, changedBy, now, a.startsAt(), a.endsAt());
            }
            return changed == 1;
        });
    }

    /** The columns an appointment is created with and an edit may change, in the order {@link #bindFields} binds. */
    private static final String FIELDS = "advisor_id, team_id, customer_name, customer_number, customer_phone, "
            + "topic, channel, starts_at, ends_at, customer_email, customer_language";

    private static void bindFields(PreparedStatement ps, NewAppointment a) throws SQLException {
        ps.setLong(1, a.advisorId());
        ps.setLong(2, a.teamId());
        ps.setString(3, a.customerName());
        ps.setString(4, a.customerNumber());
        ps.setString(5, a.customerPhone());
        ps.setString(6, a.topic());
        ps.setString(7, a.channel().name());
        ps.setLong(8, a.startsAt().toEpochMilli());
        ps.setLong(9, a.endsAt().toEpochMilli());
        ps.setString(10, a.customerEmail());
        ps.setString(11, a.customerLanguage());
    }

    /** The appointment {@code createdBy} created under {@code externalId}, if any. */
    Optional<Stored> byExternalId(long createdBy, String externalId) {
        return query(SELECT + "WHERE ap.created_by = ? AND ap.external_id = ?", createdBy, externalId).stream()
                .findFirst();
    }

    /**
     * The first of the advisor's appointments that still takes place (not cancelled or missed) and overlaps
     * {@code [from, to)}, other than {@code exceptId}.
     */
    Optional<Stored> overlapping(long advisorId, Instant from, Instant to, long exceptId) {
        return query(SELECT + "WHERE ap.advisor_id = ? AND ap.starts_at < ? AND ap.ends_at > ? AND ap.id <> ? "
                + "AND ap.status NOT IN ('CANCELLED', 'NO_SHOW') ORDER BY ap.starts_at LIMIT 1",
                advisorId, to, from, exceptId).stream().findFirst();
    }

    private static void logChange(Connection c, long id, String action, Long by, Instant at, Instant startsAt,
                                  Instant endsAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO appointment_change_log (appointment_id, "
                + "action, changed_by, changed_at, starts_at, ends_at) VALUES (?,?,?,?,?,?)")) {
            ps.setLong(1, id);
            ps.setString(2, action);
            bindNullable(ps, 3, by);
            ps.setLong(4, at.toEpochMilli());
            ps.setLong(5, startsAt.toEpochMilli());
            ps.setLong(6, endsAt.toEpochMilli());
            ps.executeUpdate();
        }
    }

    private static void bindNullable(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    List<Stored> forAdvisor(long advisorId, Instant from, Instant to) {
        return query(SELECT + "WHERE ap.advisor_id = ? AND ap.starts_at >= ? AND ap.starts_at < ? "
                + "ORDER BY ap.starts_at, ap.id", advisorId, from, to);
    }

    List<Stored> forTeam(long teamId, Instant from, Instant to) {
        return query(SELECT + "WHERE ap.team_id = ? AND ap.starts_at >= ? AND ap.starts_at < ? "
                + "ORDER BY ap.starts_at, ac.display_name, ap.id", teamId, from, to);
    }

    Optional<Stored> byId(long id) {
        return query(SELECT + "WHERE ap.id = ?", id).stream().findFirst();
    }

    Optional<Stored> byJoinToken(String token) {
        return query(SELECT + "WHERE ap.join_token_hash = ?", Tokens.sha256(token)).stream().findFirst();
    }

    /** The fields a status change writes, applied together with a history row in one transaction. */
    record StatusUpdate(AppointmentStatus from, AppointmentStatus to, NoShowReason reason, Instant waitingSince,
                        Instant callStartedAt, Instant callEndedAt, Long durationSeconds, Long changedBy,
                        Instant at, CancelReason cancelReason) {

        StatusUpdate(AppointmentStatus from, AppointmentStatus to, NoShowReason reason, Instant waitingSince,
                     Instant callStartedAt, Instant callEndedAt, Long durationSeconds, Long changedBy, Instant at) {
            this(from, to, reason, waitingSince, callStartedAt, callEndedAt, durationSeconds, changedBy, at, null);
        }
    }

    /**
     * Applies {@code update} only if the appointment still has status {@code update.from()}: two requests
     * racing for the same appointment cannot both win.
     */
    boolean updateStatus(long id, StatusUpdate u) {
        return db.inTransaction(c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE appointment SET status = ?, no_show_reason = ?, "
                    + "waiting_since = ?, call_started_at = ?, call_ended_at = ?, duration_seconds = ?, "
                    + "updated_at = ?, cancel_reason = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, u.to().name());
                ps.setString(2, u.reason() == null ? null : u.reason().name());
                EpochMillis.bind(ps, 3, u.waitingSince());
                EpochMillis.bind(ps, 4, u.callStartedAt());
                EpochMillis.bind(ps, 5, u.callEndedAt());
                if (u.durationSeconds() == null) {
                    ps.setNull(6, Types.INTEGER);
                } else {
                    ps.setLong(6, u.durationSeconds());
                }
                ps.setLong(7, u.at().toEpochMilli());
                ps.setString(8, u.cancelReason() == null ? null : u.cancelReason().name());
                ps.setLong(9, id);
                ps.setString(10, u.from().name());
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                log(c, id, u);
            }
            return changed == 1;
        });
    }

    /** Changes how the appointment is held (the fall-back from video to phone). */
    void setChannel(long id, Channel channel, Instant at) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE appointment SET channel = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, channel.name());
                ps.setLong(2, at.toEpochMilli());
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    void setCustomerCheck(long id, CustomerCheck check, Instant at) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(check);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unserialisable customer check", e);
        }
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE appointment SET customer_check = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, json);
                ps.setLong(2, at.toEpochMilli());
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    private static void log(Connection c, long id, StatusUpdate u) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO appointment_status_log "
                + "(appointment_id, from_status, to_status, reason, changed_by, changed_at) VALUES (?,?,?,?,?,?)")) {
            ps.setLong(1, id);
            ps.setString(2, u.from().name());
            ps.setString(3, u.to().name());
            ps.setString(4, u.reason() != null ? u.reason().name()
                    : u.cancelReason() != null ? u.cancelReason().name() : null);
            if (u.changedBy() == null) {
                ps.setNull(5, Types.INTEGER);
            } else {
                ps.setLong(5, u.changedBy());
            }
            ps.setLong(6, u.at().toEpochMilli());
            ps.executeUpdate();
        }
    }

    private List<Stored> query(String sql, Object... params) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    Object p = params[i];
                    if (p instanceof Instant instant) {
                        ps.setLong(i + 1, instant.toEpochMilli());
                    } else {
                        ps.setObject(i + 1, p);
                    }
                }
                List<Stored> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(map(rs));
                    }
                }
                return result;
            }
        });
    }

    private Stored map(ResultSet rs) throws SQLException {
        String token = joinLinks.open(rs.getString("join_token_sealed"));
        Channel channel = Channel.valueOf(rs.getString("channel"));
        String joinUrl = token != null && channel == Channel.VIDEO ? publicUrl.get().resolve("/j/" + token).toString()
                : null;
        String reason = rs.getString("no_show_reason");
        String cancelReason = rs.getString("cancel_reason");
        Appointment a = new Appointment(
                rs.getLong("id"),
                rs.getLong("advisor_id"),
                rs.getString("advisor_name"),
                rs.getString("customer_name"),
                rs.getString("customer_number"),
                rs.getString("customer_phone"),
                rs.getString("topic"),
                channel,
                EpochMillis.read(rs, "starts_at"),
                EpochMillis.read(rs, "ends_at"),
                AppointmentStatus.valueOf(rs.getString("status")),
                reason == null ? null : NoShowReason.valueOf(reason),
                joinUrl,
                EpochMillis.read(rs, "waiting_since"),
                customerCheck(rs.getString("customer_check")),
                EpochMillis.read(rs, "call_started_at"),
                EpochMillis.read(rs, "call_ended_at"),
                nullableLong(rs, "duration_seconds"),
                rs.getInt("has_note") != 0,
                EpochMillis.read(rs, "updated_at"),
                rs.getString("customer_email"),
                rs.getString("customer_language"),
                rs.getString("external_id"),
                cancelReason == null ? null : CancelReason.valueOf(cancelReason),
                invitation(rs));
        return new Stored(a, rs.getLong("team_id"), token);
    }

    /** The outbox's view of the newest invitation (server.invitations); none for an appointment never invited. */
    private static InvitationStatus invitation(ResultSet rs) throws SQLException {
        String state = rs.getString("invitation_state");
        return state == null ? InvitationStatus.NONE : new InvitationStatus(InvitationState.valueOf(state),
                rs.getString("invitation_reason"), EpochMillis.read(rs, "invitation_at"));
    }

    private static CustomerCheck customerCheck(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, CustomerCheck.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored customer check unreadable", e);
        }
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

}
