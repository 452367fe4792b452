package de.videoberatung.server;

import de.videoberatung.db.EpochMillis;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoteChange;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NotePushResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SQL for notes, their audit trail and the applied mutation ids. Every method takes the connection of a
 * transaction the caller holds, so one push is applied completely or not at all.
 */
final class NoteStore {

    private static final String SELECT = "SELECT n.*, a.customer_number, a.starts_at AS appointment_starts_at "
            + "FROM note n JOIN appointment a ON a.id = n.appointment_id ";
    private static final TypeReference<List<NoteDto.NoteVersion>> VERSIONS = new TypeReference<>() { };

    /** A stored note with the fields the API does not show. */
    record Stored(NoteDto note, long advisorId, String lastDevice) {
    }

    /** A new revision of a note, written together with its audit entry. */
    record Revision(String noteId, long revision, NoteContent content, Instant finalisedAt, Instant deletedAt,
                    List<NoteDto.NoteVersion> conflicts, String action, List<String> fields, long accountId,
                    String deviceId, String mainDevice, String mutationId, Instant clientTime, Instant at) {
    }

    Optional<Stored> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE n.id = ?")) {
            ps.setString(1, id);
            List<Stored> found = list(ps);
            return found.stream().findFirst();
        }
    }

    /**
     * The caller's notes changed after {@code since}, oldest change first, at most {@code limit}; with
     * {@code from} (epoch ms) only notes of appointments from then on and notes of the customers the caller has
     * appointments with from then on (docs/sync-protocol.md).
     */
    List<Stored> changedSince(Connection c, long advisorId, long since, int limit, Long from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE n.advisor_id = ? AND n.seq > ? "
                + (from == null ? "" : "AND (a.starts_at >= ? OR a.customer_number IN (SELECT s.customer_number "
                + "FROM appointment s WHERE s.advisor_id = ? AND s.starts_at >= ?)) ")
                + "ORDER BY n.seq LIMIT ?")) {
            int i = 1;
            ps.setLong(i++, advisorId);
            ps.setLong(i++, since);
            if (from != null) {
                ps.setLong(i++, from);
                ps.setLong(i++, advisorId);
                ps.setLong(i++, from);
            }
            ps.setInt(i, limit);
            return list(ps);
        }
    }

    /** The outcome recorded for an already applied mutation id of this account. */
    Optional<NotePushResult.Kind> appliedOutcome(Connection c, long accountId, String mutationId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT outcome FROM note_mutation WHERE mutation_id = ? AND account_id = ?")) {
            ps.setString(1, mutationId);
            ps.setLong(2, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(NotePushResult.Kind.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Whether a mutation id is taken at all (by any account): ids are global. */
    boolean mutationIdTaken(Connection c, String mutationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM note_mutation WHERE mutation_id = ?")) {
            ps.setString(1, mutationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void recordMutation(Connection c, long accountId, String mutationId, String noteId, NotePushResult.Kind kind,
                        Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO note_mutation "
                + "(mutation_id, account_id, note_id, outcome, applied_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, mutationId);
            ps.setLong(2, accountId);
            ps.setString(3, noteId);
            ps.setString(4, kind.name());
            ps.setLong(5, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /**
     * Whether any device other than {@code deviceId} wrote a revision of the note after {@code base};
     * with {@code mainOnly}, only revisions that changed the main version count (not kept conflict versions).
     */
    boolean changedByOthersSince(Connection c, String noteId, long base, String deviceId, boolean mainOnly)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM note_change "
                + "WHERE note_id = ? AND revision > ? AND device_id <> ?"
                + (mainOnly ? " AND action <> 'CONFLICT'" : "") + " LIMIT 1")) {
            ps.setString(1, noteId);
            ps.setLong(2, base);
            ps.setString(3, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void insert(Connection c, Revision r, long appointmentId, long advisorId, String correctsNoteId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO note (id, appointment_id, advisor_id, "
                + "corrects_note_id, revision, seq, text, concern, outcome, agreements, follow_up, finalised_at, "
                + "deleted_at, conflicts, last_device, created_at, updated_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, r.noteId());
            ps.setLong(2, appointmentId);
            ps.setLong(3, advisorId);
            ps.setString(4, correctsNoteId);
            ps.setLong(5, r.revision());
            ps.setLong(6, nextSeq(c));
            setContent(ps, 7, r);
            ps.setLong(16, r.at().toEpochMilli());
            ps.setLong(17, r.at().toEpochMilli());
            ps.executeUpdate();
        }
        audit(c, r);
    }

    void update(Connection c, Revision r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE note SET revision = ?, seq = ?, text = ?, "
                + "concern = ?, outcome = ?, agreements = ?, follow_up = ?, finalised_at = ?, deleted_at = ?, "
                + "conflicts = ?, last_device = ?, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, r.revision());
            ps.setLong(2, nextSeq(c));
            setContent(ps, 3, r);
            ps.setLong(12, r.at().toEpochMilli());
            ps.setString(13, r.noteId());
            ps.executeUpdate();
        }
        audit(c, r);
    }

    /** Sets the appointment's note flag; answers whether it changed. */
    boolean updateHasNote(Connection c, long appointmentId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE appointment SET updated_at = ?, has_note = "
                + "(SELECT COUNT(*) > 0 FROM note WHERE appointment_id = ? AND deleted_at IS NULL) "
                + "WHERE id = ? AND has_note <> "
                + "(SELECT COUNT(*) > 0 FROM note WHERE appointment_id = ? AND deleted_at IS NULL)")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, appointmentId);
            ps.setLong(3, appointmentId);
            ps.setLong(4, appointmentId);
            return ps.executeUpdate() == 1;
        }
    }

    List<NoteChange> history(Connection c, String noteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ch.*, ac.display_name FROM note_change ch "
                + "JOIN account ac ON ac.id = ch.account_id WHERE ch.note_id = ? ORDER BY ch.revision")) {
            ps.setString(1, noteId);
            List<NoteChange> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String fields = rs.getString("fields");
                    result.add(new NoteChange(rs.getLong("revision"), rs.getString("action"),
                            rs.getLong("account_id"), rs.getString("display_name"), rs.getString("device_id"),
                            fields.isEmpty() ? List.of() : Arrays.asList(fields.split(",")),
                            Instant.ofEpochMilli(rs.getLong("at"))));
                }
            }
            return result;
        }
    }

    long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM note");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long nextSeq(Connection c) throws SQLException {
        // One connection under one lock writes: MAX + 1 cannot race.
        return maxSeq(c) + 1;
    }

    private static void setContent(PreparedStatement ps, int first, Revision r) throws SQLException {
        NoteContent content = r.content();
        ps.setString(first, content.text());
        ps.setString(first + 1, content.concern());
        ps.setString(first + 2, content.outcome());
        ps.setString(first + 3, content.agreements());
        ps.setString(first + 4, content.followUp() == null ? null : content.followUp().toString());
        EpochMillis.bind(ps, first + 5, r.finalisedAt());
        EpochMillis.bind(ps, first + 6, r.deletedAt());
        ps.setString(first + 7, r.conflicts().isEmpty() ? null : json(r.conflicts()));
        ps.setString(first + 8, r.mainDevice());
    }

    private static void audit(Connection c, Revision r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO note_change (note_id, revision, action, "
                + "account_id, device_id, mutation_id, fields, content, client_time, at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, r.noteId());
            ps.setLong(2, r.revision());
            ps.setString(3, r.action());
            ps.setLong(4, r.accountId());
            ps.setString(5, r.deviceId());
            ps.setString(6, r.mutationId());
            ps.setString(7, String.join(",", r.fields()));
            ps.setString(8, json(r.content()));
            EpochMillis.bind(ps, 9, r.clientTime());
            ps.setLong(10, r.at().toEpochMilli());
            ps.executeUpdate();
        }
    }

    private static List<Stored> list(PreparedStatement ps) throws SQLException {
        List<Stored> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(map(rs));
            }
        }
        return result;
    }

    private static Stored map(ResultSet rs) throws SQLException {
        String followUp = rs.getString("follow_up");
        Instant deletedAt = EpochMillis.read(rs, "deleted_at");
        Instant finalisedAt = EpochMillis.read(rs, "finalised_at");
        NoteContent content = new NoteContent(rs.getString("text"), rs.getString("concern"),
                rs.getString("outcome"), rs.getString("agreements"),
                followUp == null ? null : LocalDate.parse(followUp));
        String conflicts = rs.getString("conflicts");
        NoteDto note = new NoteDto(
                rs.getString("id"),
                rs.getLong("appointment_id"),
                rs.getString("customer_number"),
                EpochMillis.read(rs, "appointment_starts_at"),
                rs.getString("corrects_note_id"),
                rs.getLong("revision"),
                rs.getLong("seq"),
                content,
                finalisedAt != null,
                finalisedAt,
                deletedAt != null,
                conflicts == null ? List.of() : versions(conflicts),
                EpochMillis.read(rs, "created_at"),
                EpochMillis.read(rs, "updated_at"));
        return new Stored(note, rs.getLong("advisor_id"), rs.getString("last_device"));
    }

    private static List<NoteDto.NoteVersion> versions(String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, VERSIONS);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored note conflicts unreadable", e);
        }
    }

    private static String json(Object value) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("note content not serialisable", e);
        }
    }

}
