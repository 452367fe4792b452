package de.videoberatung.server;

import de.videoberatung.db.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes or anonymises what the server need not keep (docs/privacy.md has the list and the reasons): after
 * {@code retention.days} the call log, consents, device checks, status history, applied-mutation records and
 * join links go, and past appointments lose the customer's phone number, e-mail address, device check and their
 * invitations' outbox rows;
 * expired sessions go at once. Case notes are the Jobcenter's record: kept unless {@code retention.notes.days}
 * is set, while the text of deleted notes (their tombstone and every audit copy) is redacted at the next run.
 * Runs at start and daily; each run is one transaction.
 */
final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    static final Duration EVERY = Duration.ofDays(1);

    private final SqliteDatabase db;
    private final Clock clock;
    private final Duration keep;
    private final Duration keepNotes;

    /**
     * @param keep      {@code retention.days}
     * @param keepNotes {@code retention.notes.days}; null keeps case notes
     */
    RetentionJob(SqliteDatabase db, Clock clock, Duration keep, Duration keepNotes) {
        this.db = db;
        this.clock = clock;
        this.keep = keep;
        this.keepNotes = keepNotes;
    }

    /** One run; answers how many rows each step touched (for the log and tests). */
    Map<String, Integer> run() {
        Instant now = clock.instant();
        long cutoff = now.minus(keep).toEpochMilli();
        Map<String, Integer> done = db.inTransaction(c -> {
            Map<String, Integer> n = new LinkedHashMap<>();
            n.put("sessions", update(c, "DELETE FROM session WHERE expires_at < ?", now.toEpochMilli()));
            n.put("callLog", update(c, "DELETE FROM call_log WHERE at < ?", cutoff));
            n.put("consents", update(c, "DELETE FROM call_consent WHERE consented_at < ?", cutoff));
            n.put("deviceChecks", update(c, "DELETE FROM call_device_check WHERE checked_at < ?", cutoff));
            n.put("statusLog", update(c, "DELETE FROM appointment_status_log WHERE changed_at < ?", cutoff));
            n.put("mutations", update(c, "DELETE FROM note_mutation WHERE applied_at < ?", cutoff));
            StringBuilder personal = new StringBuilder("customer_phone = NULL, customer_check = NULL, "
                    + "join_token = NULL, join_token_hash = NULL, join_token_sealed = NULL");
            if (hasColumn(c, "appointment", "customer_email")) {
                personal.append(", customer_email = NULL");
            }
            n.put("appointments", update(c, "UPDATE appointment SET " + personal + " WHERE ends_at < ? AND ("
                    + "customer_phone IS NOT NULL OR customer_check IS NOT NULL OR join_token_hash IS NOT NULL"
                    + " OR join_token IS NOT NULL"
                    + (hasColumn(c, "appointment", "customer_email") ? " OR customer_email IS NOT NULL" : "")
                    + ")", cutoff));
            // The invitations' outbox says when which customer was written to by which medium (no address, no
            // text, but still about them): it goes with the contact data, after the period of a past appointment.
            String past = "SELECT id FROM appointment WHERE ends_at < ?";
            n.put("invitations", update(c, "DELETE FROM invitation_outbox WHERE appointment_id IN (" + past + ")",
                    cutoff));
            n.put("invitationPlans", update(c, "DELETE FROM invitation_plan WHERE appointment_id IN (" + past + ")",
                    cutoff));
            n.put("redactedNotes", redactDeletedNotes(c));
            n.put("notes", keepNotes == null ? 0 : deleteNotes(c, now.minus(keepNotes).toEpochMilli()));
            return n;
        });
        LOG.info("retention run (keep {} days, notes {}): {}", keep.toDays(),
                keepNotes == null ? "kept" : keepNotes.toDays() + " days", done);
        return done;
    }

    /** A deleted note keeps its tombstone (for sync and the audit of who deleted it when), not its text. */
    private static int redactDeletedNotes(Connection c) throws SQLException {
        int audit = update(c, "UPDATE note_change SET content = NULL WHERE content IS NOT NULL AND note_id IN "
                + "(SELECT id FROM note WHERE deleted_at IS NOT NULL)");
        int notes = update(c, "UPDATE note SET text = '', concern = '', outcome = '', agreements = '', "
                + "follow_up = NULL, conflicts = NULL WHERE deleted_at IS NOT NULL AND (text <> '' OR concern <> '' "
                + "OR outcome <> '' OR agreements <> '' OR follow_up IS NOT NULL OR conflicts IS NOT NULL)");
        return Math.max(audit, notes);
    }

    /** Notes of appointments that started before {@code cutoff}, with their audit trail. */
    private static int deleteNotes(Connection c, long cutoff) throws SQLException {
        String old = "SELECT n.id FROM note n JOIN appointment a ON a.id = n.appointment_id WHERE a.starts_at < ?";
        update(c, "DELETE FROM note_change WHERE note_id IN (" + old + ")", cutoff);
        update(c, "DELETE FROM note_mutation WHERE note_id IN (" + old + ")", cutoff);
        // Corrections point at the notes they correct: both go together, so clear the links first.
        update(c, "UPDATE note SET corrects_note_id = NULL WHERE corrects_note_id IN (" + old + ")", cutoff);
        int deleted = update(c, "DELETE FROM note WHERE id IN (" + old + ")", cutoff);
        update(c, "UPDATE appointment SET has_note = 0 WHERE has_note = 1 AND starts_at < ?", cutoff);
        return deleted;
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE name = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
