package de.videoberatung.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePushResult;
import de.videoberatung.db.EpochMillis;
import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.db.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Case notes in the local SQLite file, and their outbox. Every local change writes the note and an
 * outbox row in one transaction, so a change is either fully on disk with its pending push or not at all.
 * The sync engine reads the outbox and writes back what the server answered.
 */
public final class LocalNotes {

    private static final TypeReference<List<NoteContent>> CONTENTS = new TypeReference<>() { };

    /** A committed change of a note; {@code local} when the advisor made it, not the sync. */
    public record Change(String noteId, boolean local) {
    }

    /** A mutation ready to push, with the local version it carries. */
    public record Pending(NoteMutation mutation, long localVersion) {
    }

    private final SqliteDatabase db;
    /** Note text, the customer's number, conflict versions and the server's copy are encrypted (docs/privacy.md). */
    private final FieldCipher cipher;
    private final Clock clock;
    private final String deviceId;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public LocalNotes(LocalStore store, Clock clock) {
        this.db = store.database();
        this.cipher = store.cipher();
        this.clock = clock;
        this.deviceId = db.inTransaction(c -> {
            Optional<String> known = state(c, "device_id");
            if (known.isPresent()) {
                return known.get();
            }
            String id = UUID.randomUUID().toString();
            setState(c, "device_id", id);
            return id;
        });
    }

    /** This installation's id towards the server; edits from one device never conflict with each other. */
    public String deviceId() {
        return deviceId;
    }

    /** Called after every committed change, on the thread that made it; answers how to unsubscribe. */
    public Runnable onChange(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- the advisor's changes -------------------------------------------------------------------

    /** Saves the content (creating the note on first save); does nothing if the content is unchanged. */
    public LocalNote save(NoteTarget target, NoteContent content) {
        return localChange(target.noteId(), false, c -> {
            Optional<LocalNote> existing = byId(c, target.noteId());
            if (existing.isEmpty()) {
                insertLocal(c, target, content);
                return true;
            }
            LocalNote note = existing.get();
            requireEditable(note);
            if (note.content().equals(content)) {
                return false;
            }
            update(c, note.id(), "text = ?, concern = ?, outcome = ?, agreements = ?, follow_up = ?", ps -> {
                setContent(ps, 1, content);
                return 6;
            });
            return true;
        });
    }

    /** Finalises the note: read-only from now on, here and (after sync) everywhere. */
    public LocalNote finalise(String noteId) {
        return localChange(noteId, false, c -> {
            LocalNote note = byId(c, noteId).orElseThrow(() -> new IllegalArgumentException("no note " + noteId));
            requireEditable(note);
            if (note.state() == LocalNote.SyncState.CONFLICT) {
                throw new IllegalStateException("resolve the conflict before finalising");
            }
            update(c, noteId, "finalised = 1, finalised_at = ?", ps -> {
                ps.setLong(1, clock.millis());
                return 2;
            });
            return true;
        });
    }

    /** Deletes the note; it stays as a tombstone and the deletion syncs like an edit. */
    public LocalNote delete(String noteId) {
        return localChange(noteId, false, c -> {
            requireEditable(byId(c, noteId).orElseThrow(() -> new IllegalArgumentException("no note " + noteId)));
            update(c, noteId, "deleted = 1", ps -> 1);
            return true;
        });
    }

    /** The advisor chose or merged: {@code content} replaces every kept version. */
    public LocalNote resolve(String noteId, NoteContent content) {
        return localChange(noteId, true, c -> {
            update(c, noteId, "text = ?, concern = ?, outcome = ?, agreements = ?, follow_up = ?, conflicts = NULL",
                    ps -> {
                        setContent(ps, 1, content);
                        return 6;
                    });
            return true;
        });
    }

    // ---- reading ---------------------------------------------------------------------------------

    public Optional<LocalNote> byId(String id) {
        return db.read(c -> byId(c, id));
    }

    /** The notes of an appointment that are not deleted, newest first. */
    public List<LocalNote> forAppointment(long userId, long appointmentId) {
        return query("WHERE user_id = ? AND appointment_id = ? AND deleted = 0 ORDER BY created_at DESC, id",
                userId, appointmentId);
    }

    /** The customer's notes from other appointments, newest appointment first. */
    public List<LocalNote> earlierOfCustomer(long userId, String customerNumber, long exceptAppointmentId) {
        return query("WHERE user_id = ? AND customer_key = ? AND appointment_id <> ? AND deleted = 0 "
                + "ORDER BY appointment_starts_at DESC, created_at DESC", userId, cipher.lookupHash(customerNumber),
                exceptAppointmentId);
    }

    /** How many local changes wait to be pushed (parked ones not counted). */
    public int outboxSize() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM note_outbox WHERE parked IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    public int count(long userId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM local_note WHERE user_id = ?")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    // ---- the sync engine's side ------------------------------------------------------------------

    /**
     * The next mutations to push: per note, its latest state under the id of its latest outbox row, so a
     * retry without new typing resends the very same mutation id.
     */
    public List<Pending> pending(long userId, int maxCount, long maxBytes) {
        return db.read(c -> {
            List<Pending> result = new ArrayList<>();
            long bytes = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT o.note_id, o.mutation_id, o.local_version, "
                    + "(SELECT MAX(resolves_conflict) FROM note_outbox r WHERE r.note_id = o.note_id "
                    + "AND r.parked IS NULL) AS resolves, o.created_at FROM note_outbox o "
                    + "JOIN local_note n ON n.id = o.note_id WHERE n.user_id = ? AND o.parked IS NULL "
                    + "AND o.seq = (SELECT MAX(seq) FROM note_outbox l WHERE l.note_id = o.note_id "
                    + "AND l.parked IS NULL) ORDER BY o.seq")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && result.size() < maxCount) {
                        LocalNote note = byId(c, rs.getString(1)).orElseThrow();
                        long size = note.content().approximateBytes();
                        if (!result.isEmpty() && bytes + size > maxBytes) {
                            break;
                        }
                        bytes += size;
                        result.add(new Pending(new NoteMutation(rs.getString(2), note.id(), note.appointmentId(),
                                note.correctsNoteId(), note.revision(), note.content(), note.finalised(),
                                note.deleted(), rs.getInt(4) != 0, Instant.ofEpochMilli(rs.getLong(5))),
                                rs.getLong(3)));
                    }
                }
            }
            return result;
        });
    }

    /** Records the server's answer to a pushed mutation. */
    public void applyPushed(Pending sent, NotePushResult.Outcome outcome) {
        String noteId = sent.mutation().noteId();
        syncChange(noteId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM note_outbox WHERE note_id = ? AND local_version <= ?")) {
                ps.setString(1, noteId);
                ps.setLong(2, sent.localVersion());
                ps.executeUpdate();
            }
            LocalNote local = byId(c, noteId).orElseThrow();
            NoteDto server = outcome.note();
            boolean nothingNewer = local.localVersion() == sent.localVersion();
            boolean adopt = nothingNewer && outcome.kind() == NotePushResult.Kind.APPLIED && !server.inConflict();
            String conflicts = otherVersionsJson(server, adopt ? server.content() : local.content());
            update(c, noteId, "revision = ?, synced_version = MAX(synced_version, ?), conflicts = ?, "
                    + "rejected_code = NULL, server_json = ?, finalised = ?, finalised_at = ?, deleted = ?", ps -> {
                ps.setLong(1, server.revision());
                ps.setLong(2, sent.localVersion());
                ps.setString(3, cipher.seal(conflicts));
                ps.setString(4, cipher.seal(json(server)));
                ps.setBoolean(5, adopt ? server.finalised() : local.finalised());
                EpochMillis.bind(ps, 6, adopt ? server.finalisedAt() : local.finalisedAt());
                ps.setBoolean(7, adopt ? server.deleted() : local.deleted());
                return 8;
            });
        });
    }

    /** The server refused a change for good: keep the text, stop resending it until the next edit. */
    public void park(Pending sent, String code) {
        String noteId = sent.mutation().noteId();
        syncChange(noteId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE note_outbox SET parked = ? WHERE note_id = ? AND local_version <= ?")) {
                ps.setString(1, code);
                ps.setString(2, noteId);
                ps.setLong(3, sent.localVersion());
                ps.executeUpdate();
            }
            update(c, noteId, "rejected_code = ?", ps -> {
                ps.setString(1, code);
                return 2;
            });
        });
    }

    /**
     * The note was finalised on another device while this one edited it: the edit becomes a new note that
     * corrects it, so no word is lost, and the original goes back to the server's finalised state.
     * Answers the new note's id.
     */
    public String turnIntoCorrection(Pending sent) {
        String original = sent.mutation().noteId();
        String correction = UUID.randomUUID().toString();
        // Copy and clean-up in one transaction: a save of the original committed before it is in the copy, one
        // after it finds the note read-only. Between two transactions a save would be wiped by the clean-up.
        db.inTransaction(c -> {
            LocalNote note = byId(c, original).orElseThrow();
            insertLocal(c, new NoteTarget(correction, note.userId(), note.appointmentId(), note.customerNumber(),
                    note.appointmentStartsAt(), original), note.content());
            recordLocalChange(c, correction, false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM note_outbox WHERE note_id = ?")) {
                ps.setString(1, original);
                ps.executeUpdate();
            }
            update(c, original, "synced_version = local_version, rejected_code = NULL", ps -> 1);
            NoteDto server = serverState(c, original);
            if (server != null && server.finalised()) {
                adoptServer(c, note, server);
            } else {
                // The finalised state arrives with the next pull; until then the note is read-only here too.
                update(c, original, "finalised = 1", ps -> 1);
            }
            return null;
        });
        notify(new Change(correction, true));
        notify(new Change(original, false));
        return correction;
    }

    /** Where the last pull ended for this user. */
    public long cursor(long userId) {
        return db.read(c -> state(c, "cursor." + userId).map(Long::parseLong).orElse(0L));
    }

    /** Stores a pulled page and the new cursor in one transaction. */
    public void applyPulled(long userId, NotePage page) {
        List<String> changed = db.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            for (NoteDto server : page.notes()) {
                Optional<LocalNote> local = byId(c, server.id());
                if (local.isEmpty()) {
                    insertFromServer(c, userId, server);
                } else if (local.get().hasUnsyncedChanges()) {
                    // Local typing not yet pushed wins here; the push will meet the server's version there.
                    update(c, server.id(), "server_json = ?", ps -> {
                        ps.setString(1, cipher.seal(json(server)));
                        return 2;
                    });
                } else {
                    adoptServer(c, local.get(), server);
                }
                ids.add(server.id());
            }
            setState(c, "cursor." + userId, Long.toString(page.cursor()));
            return ids;
        });
        changed.forEach(id -> notify(new Change(id, false)));
    }

    // ---- internals -------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work {
        boolean run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface SyncWork {
        void run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        /** Binds the SET parameters and answers the index of the id parameter. */
        int bind(PreparedStatement ps) throws SQLException;
    }

    private LocalNote localChange(String noteId, boolean resolves, Work work) {
        boolean changed = db.inTransaction(c -> {
            if (!work.run(c)) {
                return false;
            }
            recordLocalChange(c, noteId, resolves);
            return true;
        });
        if (changed) {
            notify(new Change(noteId, true));
        }
        return byId(noteId).orElseThrow();
    }

    /** Counts a local change of the note and queues its push, inside the caller's transaction. */
    private void recordLocalChange(Connection c, String noteId, boolean resolves) throws SQLException {
        update(c, noteId, "local_version = local_version + 1, rejected_code = NULL, updated_at = ?", ps -> {
            ps.setLong(1, clock.millis());
            return 2;
        });
        LocalNote note = byId(c, noteId).orElseThrow();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO note_outbox (mutation_id, note_id, "
                + "local_version, resolves_conflict, created_at) VALUES (?,?,?,?,?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, noteId);
            ps.setLong(3, note.localVersion());
            ps.setBoolean(4, resolves);
            ps.setLong(5, clock.millis());
            ps.executeUpdate();
        }
    }

    private void insertLocal(Connection c, NoteTarget target, NoteContent content) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO local_note (id, user_id, appointment_id, "
                + "customer_number, appointment_starts_at, corrects_note_id, text, concern, outcome, "
                + "agreements, follow_up, created_at, updated_at, customer_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, target.noteId());
            ps.setLong(2, target.userId());
            ps.setLong(3, target.appointmentId());
            ps.setString(4, cipher.seal(target.customerNumber()));
            EpochMillis.bind(ps, 5, target.appointmentStartsAt());
            ps.setString(6, target.correctsNoteId());
            setContent(ps, 7, content);
            ps.setLong(12, now.toEpochMilli());
            ps.setLong(13, now.toEpochMilli());
            ps.setString(14, cipher.lookupHash(target.customerNumber()));
            ps.executeUpdate();
        }
    }

    private void syncChange(String noteId, SyncWork work) {
        db.inTransaction(c -> {
            work.run(c);
            return null;
        });
        notify(new Change(noteId, false));
    }

    private void notify(Change change) {
        listeners.forEach(l -> l.accept(change));
    }

    private static void requireEditable(LocalNote note) {
        if (note.finalised() || note.deleted()) {
            throw new IllegalStateException("note " + note.id() + " is read-only");
        }
    }

    private void insertFromServer(Connection c, long userId, NoteDto s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO local_note (id, user_id, appointment_id, "
                + "customer_number, appointment_starts_at, corrects_note_id, text, concern, outcome, agreements, "
                + "follow_up, finalised, finalised_at, deleted, revision, conflicts, server_json, created_at, "
                + "updated_at, customer_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            NoteContent content = s.content() == null ? NoteContent.EMPTY : s.content();
            ps.setString(1, s.id());
            ps.setLong(2, userId);
            ps.setLong(3, s.appointmentId());
            ps.setString(4, cipher.seal(s.customerNumber()));
            EpochMillis.bind(ps, 5, s.appointmentStartsAt());
            ps.setString(6, s.correctsNoteId());
            setContent(ps, 7, content);
            ps.setBoolean(12, s.finalised());
            EpochMillis.bind(ps, 13, s.finalisedAt());
            ps.setBoolean(14, s.deleted());
            ps.setLong(15, s.revision());
            ps.setString(16, cipher.seal(otherVersionsJson(s, content)));
            ps.setString(17, cipher.seal(json(s)));
            EpochMillis.bind(ps, 18, s.createdAt());
            EpochMillis.bind(ps, 19, s.updatedAt());
            ps.setString(20, cipher.lookupHash(s.customerNumber()));
            ps.executeUpdate();
        }
    }

    /** Takes the server's state for a note without local changes. */
    private void adoptServer(Connection c, LocalNote local, NoteDto s) throws SQLException {
        NoteContent content = s.content() == null ? NoteContent.EMPTY : s.content();
        if (s.inConflict() && s.conflicts().stream().anyMatch(v -> v.content().equals(local.content()))) {
            // In a conflict this device keeps showing its own version; the others are listed beside it.
            content = local.content();
        }
        NoteContent shown = content;
        update(c, local.id(), "text = ?, concern = ?, outcome = ?, agreements = ?, follow_up = ?, finalised = ?, "
                + "finalised_at = ?, deleted = ?, revision = ?, conflicts = ?, rejected_code = NULL, "
                + "server_json = ?, customer_number = ?, appointment_starts_at = ?, customer_key = ?", ps -> {
            setContent(ps, 1, shown);
            ps.setBoolean(6, s.finalised());
            EpochMillis.bind(ps, 7, s.finalisedAt());
            ps.setBoolean(8, s.deleted());
            ps.setLong(9, s.revision());
            ps.setString(10, cipher.seal(otherVersionsJson(s, shown)));
            ps.setString(11, cipher.seal(json(s)));
            ps.setString(12, cipher.seal(s.customerNumber()));
            EpochMillis.bind(ps, 13, s.appointmentStartsAt());
            ps.setString(14, cipher.lookupHash(s.customerNumber()));
            return 15;
        });
    }

    /** The server's versions other than {@code mine}, as JSON, or null when the note is not in conflict. */
    private static String otherVersionsJson(NoteDto server, NoteContent mine) {
        if (!server.inConflict()) {
            return null;
        }
        List<NoteContent> others = new ArrayList<>();
        if (server.content() != null) {
            others.add(server.content());
        }
        server.conflicts().forEach(v -> others.add(v.content()));
        others.removeIf(mine::equals);
        return others.isEmpty() ? null : json(others.stream().distinct().toList());
    }

    private NoteDto serverState(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT server_json FROM local_note WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                String value = rs.next() ? cipher.open(rs.getString(1)) : null;
                return value == null ? null : Json.mapper().readValue(value, NoteDto.class);
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("stored server state unreadable", e);
        }
    }

    private static void update(Connection c, String id, String set, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE local_note SET " + set + " WHERE id = ?")) {
            ps.setString(binder.bind(ps), id);
            ps.executeUpdate();
        }
    }

    private List<LocalNote> query(String where, Object... params) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM local_note " + where)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return list(ps);
            }
        });
    }

    private Optional<LocalNote> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM local_note WHERE id = ?")) {
            ps.setString(1, id);
            return list(ps).stream().findFirst();
        }
    }

    private List<LocalNote> list(PreparedStatement ps) throws SQLException {
        List<LocalNote> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String followUp = rs.getString("follow_up");
                String conflicts = cipher.open(rs.getString("conflicts"));
                result.add(new LocalNote(
                        rs.getString("id"),
                        rs.getLong("user_id"),
                        rs.getLong("appointment_id"),
                        cipher.open(rs.getString("customer_number")),
                        EpochMillis.read(rs, "appointment_starts_at"),
                        rs.getString("corrects_note_id"),
                        new NoteContent(cipher.open(rs.getString("text")), cipher.open(rs.getString("concern")),
                                cipher.open(rs.getString("outcome")), cipher.open(rs.getString("agreements")),
                                followUp == null ? null : LocalDate.parse(followUp)),
                        rs.getInt("finalised") != 0,
                        EpochMillis.read(rs, "finalised_at"),
                        rs.getInt("deleted") != 0,
                        rs.getLong("revision"),
                        rs.getLong("local_version"),
                        rs.getLong("synced_version"),
                        conflicts == null ? List.of() : contents(conflicts),
                        rs.getString("rejected_code"),
                        EpochMillis.read(rs, "created_at"),
                        EpochMillis.read(rs, "updated_at")));
            }
        }
        return result;
    }

    private static List<NoteContent> contents(String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, CONTENTS);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored conflict versions unreadable", e);
        }
    }

    private void setContent(PreparedStatement ps, int first, NoteContent content) throws SQLException {
        ps.setString(first, cipher.seal(content.text()));
        ps.setString(first + 1, cipher.seal(content.concern()));
        ps.setString(first + 2, cipher.seal(content.outcome()));
        ps.setString(first + 3, cipher.seal(content.agreements()));
        ps.setString(first + 4, content.followUp() == null ? null : content.followUp().toString());
    }

    private static Optional<String> state(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM sync_state WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void setState(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?,?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StorageException("note not serialisable", e);
        }
    }

}
