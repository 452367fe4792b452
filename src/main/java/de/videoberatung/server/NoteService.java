package de.videoberatung.server;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.NoteChange;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import de.videoberatung.api.NotePushResult;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.db.SqliteDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of note sync (see docs/sync-protocol.md): idempotent mutations, server-assigned revisions,
 * conflicts that keep every version, finalised notes that never change again, and notes only for their
 * own advisor.
 */
final class NoteService {

    /** How far after the appointment a follow-up date may lie. */
    static final int MAX_FOLLOW_UP_YEARS = 3;
    private static final int MAX_ID_LENGTH = 100;

    private final SqliteDatabase db;
    private final NoteStore notes = new NoteStore();
    private final AppointmentStore appointments;
    private final EventHub events;
    private final Clock clock;
    private final ZoneId zone;

    NoteService(SqliteDatabase db, AppointmentStore appointments, EventHub events, ServerOptions options) {
        this.db = db;
        this.appointments = appointments;
        this.events = events;
        this.clock = options.clock();
        this.zone = options.zone();
    }

    /** Applies a push in one transaction: every mutation or, if one is refused, none. */
    NotePushResult push(Account caller, NotePush push) {
        requireAdvisor(caller);
        if (push.deviceId() == null || push.deviceId().isBlank() || push.deviceId().length() > MAX_ID_LENGTH) {
            throw ApiProblem.badRequest("INVALID_BODY", "Field 'deviceId' is required");
        }
        if (push.mutations() == null || push.mutations().size() > NotePush.MAX_MUTATIONS) {
            throw ApiProblem.badRequest("TOO_MANY_MUTATIONS",
                    "Field 'mutations' is required, with at most " + NotePush.MAX_MUTATIONS + " entries");
        }
        push.mutations().forEach(NoteService::validateShape);
        Set<Long> touchedAppointments = new LinkedHashSet<>();
        List<Long> flagChanged = new ArrayList<>();
        List<NotePushResult.Outcome> results = db.inTransaction(c -> {
            touchedAppointments.clear();
            flagChanged.clear();
            List<NotePushResult.Outcome> outcomes = new ArrayList<>();
            for (NoteMutation m : push.mutations()) {
                outcomes.add(apply(c, caller, push.deviceId(), m, touchedAppointments));
            }
            for (long id : touchedAppointments) {
                if (notes.updateHasNote(c, id, clock.instant())) {
                    flagChanged.add(id);
                }
            }
            return outcomes;
        });
        flagChanged.forEach(id -> appointments.byId(id).ifPresent(events::appointmentChanged));
        if (!touchedAppointments.isEmpty()) {
            long cursor = db.read(notes::maxSeq);
            events.sendTo(caller.id(), new ServerEvent.NotesChanged(cursor));
        }
        return new NotePushResult(results);
    }

    /** The caller's notes changed after {@code since}; with {@code from}, only those the shown days need. */
    NotePage pull(Account caller, long since, int limit, LocalDate from) {
        requireAdvisor(caller);
        Long fromMillis = from == null ? null : from.atStartOfDay(zone).toInstant().toEpochMilli();
        List<NoteStore.Stored> page = db.read(c -> notes.changedSince(c, caller.id(), since, limit + 1, fromMillis));
        boolean more = page.size() > limit;
        List<NoteDto> dtos = page.stream().limit(limit).map(NoteService::visible).toList();
        long cursor = dtos.isEmpty() ? since : dtos.get(dtos.size() - 1).seq();
        return new NotePage(dtos, cursor, more);
    }

    List<NoteChange> history(Account caller, String noteId) {
        requireAdvisor(caller);
        return db.read(c -> {
            owned(c, caller, noteId);
            return notes.history(c, noteId);
        });
    }

    private NotePushResult.Outcome apply(Connection c, Account caller, String device, NoteMutation m,
                                         Set<Long> touched) throws SQLException {
        var applied = notes.appliedOutcome(c, caller.id(), m.mutationId());
        if (applied.isPresent()) {
            // A retry of a mutation that was applied before: answer as then, change nothing.
            return new NotePushResult.Outcome(m.mutationId(), applied.get(), visible(owned(c, caller, m.noteId())));
        }
        if (notes.mutationIdTaken(c, m.mutationId())) {
            throw ApiProblem.conflict("MUTATION_ID_TAKEN", "Mutation id already used: " + m.mutationId());
        }
        Instant now = clock.instant();
        var existing = notes.byId(c, m.noteId());
        NotePushResult.Kind kind;
        if (existing.isEmpty()) {
            Appointment appointment = appointments.byId(m.appointmentId())
                    .map(AppointmentStore.Stored::appointment)
                    .filter(a -> a.advisorId() == caller.id())
                    .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_APPOINTMENT", "No appointment "
                            + m.appointmentId()));
            validateFollowUp(m.content(), appointment);
            if (m.correctsNoteId() != null) {
                owned(c, caller, m.correctsNoteId());
            }
            String action = m.deleted() ? "DELETED" : m.finalised() ? "FINALISED" : "CREATED";
            notes.insert(c, new NoteStore.Revision(m.noteId(), 1, m.content(), m.finalised() ? now : null,
                    m.deleted() ? now : null, List.of(), action, changedFields(NoteContent.EMPTY, m.content()),
                    caller.id(), device, device, m.mutationId(), m.clientTime(), now), appointment.id(), caller.id(),
                    m.correctsNoteId());
            kind = NotePushResult.Kind.APPLIED;
        } else {
            NoteStore.Stored stored = existing.get();
            if (stored.advisorId() != caller.id()) {
                throw unknownNote(m.noteId());
            }
            kind = change(c, caller, device, m, stored, now);
        }
        notes.recordMutation(c, caller.id(), m.mutationId(), m.noteId(), kind, now);
        NoteStore.Stored after = notes.byId(c, m.noteId()).orElseThrow();
        touched.add(after.note().appointmentId());
        return new NotePushResult.Outcome(m.mutationId(), kind, visible(after));
    }

    private NotePushResult.Kind change(Connection c, Account caller, String device, NoteMutation m,
                                       NoteStore.Stored stored, Instant now) throws SQLException {
        NoteDto note = stored.note();
        if (note.finalised()) {
            if (m.finalised() && !m.deleted() && m.content().equals(note.content())) {
                // The same finalisation from another device: nothing to change.
                return NotePushResult.Kind.APPLIED;
            }
            throw ApiProblem.conflict("NOTE_FINALISED",
                    "Note " + note.id() + " is finalised; write a correction as a new note");
        }
        validateFollowUp(m.content(), appointments.byId(note.appointmentId()).orElseThrow().appointment());
        boolean mainChangedByOthers = notes.changedByOthersSince(c, note.id(), m.baseRevision(), device, true);
        long revision = note.revision() + 1;
        List<String> fields = changedFields(note.content(), m.content());
        Instant deletedAt = note.deleted() ? note.updatedAt() : null;
        if (!note.inConflict() && !mainChangedByOthers) {
            if (fields.isEmpty() && m.finalised() == note.finalised() && m.deleted() == note.deleted()) {
                return NotePushResult.Kind.APPLIED;
            }
            String action = m.deleted() && !note.deleted() ? "DELETED" : m.finalised() ? "FINALISED" : "UPDATED";
            notes.update(c, new NoteStore.Revision(note.id(), revision, m.content(), m.finalised() ? now : null,
                    m.deleted() ? now : null, List.of(), action, fields, caller.id(), device, device,
                    m.mutationId(), m.clientTime(), now));
            return NotePushResult.Kind.APPLIED;
        }
        if (note.inConflict() && m.resolvesConflict()
                && !notes.changedByOthersSince(c, note.id(), m.baseRevision(), device, false)) {
            // The advisor saw every kept version and chose or merged: this state replaces all of them.
            notes.update(c, new NoteStore.Revision(note.id(), revision, m.content(), m.finalised() ? now : null,
                    m.deleted() ? now : null, List.of(), "RESOLVED", fields, caller.id(), device, device,
                    m.mutationId(), m.clientTime(), now));
            return NotePushResult.Kind.APPLIED;
        }
        if (note.inConflict() && !mainChangedByOthers && device.equals(stored.lastDevice())) {
            // The device whose version is the main one writes on while a conflict is open: its text
            // replaces its own, the other versions stay; finalising or deleting waits for the resolution.
            notes.update(c, new NoteStore.Revision(note.id(), revision, m.content(), null, deletedAt,
                    note.conflicts(), "UPDATED", fields, caller.id(), device, device, m.mutationId(),
                    m.clientTime(), now));
            return NotePushResult.Kind.CONFLICT;
        }
        // Another device changed the note since this edit's base: keep both, one version per device.
        List<NoteDto.NoteVersion> versions = new ArrayList<>();
        note.conflicts().stream().filter(v -> !v.deviceId().equals(device)).forEach(versions::add);
        versions.add(new NoteDto.NoteVersion(device, m.content(), now));
        notes.update(c, new NoteStore.Revision(note.id(), revision, note.content(), null, deletedAt, versions,
                "CONFLICT", fields, caller.id(), device, stored.lastDevice(), m.mutationId(), m.clientTime(), now));
        return NotePushResult.Kind.CONFLICT;
    }

    private NoteStore.Stored owned(Connection c, Account caller, String noteId) throws SQLException {
        // Another advisor's note looks exactly like a missing one.
        return notes.byId(c, noteId).filter(s -> s.advisorId() == caller.id())
                .orElseThrow(() -> unknownNote(noteId));
    }

    private static ApiProblem unknownNote(String noteId) {
        return ApiProblem.notFound("UNKNOWN_NOTE", "No note " + noteId);
    }

    private void validateFollowUp(NoteContent content, Appointment appointment) {
        LocalDate followUp = content.followUp();
        if (followUp == null) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(appointment.startsAt(), zone);
        if (followUp.isBefore(day) || followUp.isAfter(day.plusYears(MAX_FOLLOW_UP_YEARS))) {
            throw ApiProblem.badRequest("INVALID_DATE", "Follow-up date must lie between the appointment's day and "
                    + MAX_FOLLOW_UP_YEARS + " years after it");
        }
    }

    private static void validateShape(NoteMutation m) {
        if (m == null || blankOrLong(m.mutationId()) || blankOrLong(m.noteId()) || m.content() == null
                || m.baseRevision() < 0) {
            throw ApiProblem.badRequest("INVALID_BODY",
                    "Each mutation needs 'mutationId', 'noteId', 'content' and a 'baseRevision' of 0 or more");
        }
        String oversized = m.content().oversizedField();
        if (oversized != null) {
            throw ApiProblem.badRequest("TEXT_TOO_LONG", "Field '" + oversized + "' is longer than allowed ("
                    + ("text".equals(oversized) ? NoteContent.MAX_TEXT : NoteContent.MAX_FIELD) + " characters)");
        }
    }

    private static boolean blankOrLong(String id) {
        return id == null || id.isBlank() || id.length() > MAX_ID_LENGTH;
    }

    private static void requireAdvisor(Account caller) {
        if (caller.role() != Role.ADVISOR) {
            // Team leads see how many consultations took place, never what was written.
            throw ApiProblem.forbidden("Case notes are for the advisor who wrote them");
        }
    }

    /** The note as its owner may see it: a deleted note is a tombstone without text. */
    private static NoteDto visible(NoteStore.Stored stored) {
        NoteDto n = stored.note();
        if (!n.deleted()) {
            return n;
        }
        return new NoteDto(n.id(), n.appointmentId(), n.customerNumber(), n.appointmentStartsAt(),
                n.correctsNoteId(), n.revision(), n.seq(), null, n.finalised(), n.finalisedAt(), true, List.of(),
                n.createdAt(), n.updatedAt());
    }

    static List<String> changedFields(NoteContent before, NoteContent after) {
        List<String> fields = new ArrayList<>();
        if (!before.text().equals(after.text())) {
            fields.add("text");
        }
        if (!before.concern().equals(after.concern())) {
            fields.add("concern");
        }
        if (!before.outcome().equals(after.outcome())) {
            fields.add("outcome");
        }
        if (!before.agreements().equals(after.agreements())) {
            fields.add("agreements");
        }
        if (!Objects.equals(before.followUp(), after.followUp())) {
            fields.add("followUp");
        }
        return fields;
    }
}
