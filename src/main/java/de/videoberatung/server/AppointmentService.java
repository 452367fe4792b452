package de.videoberatung.server;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.AppointmentRules;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.FieldError;
import de.videoberatung.api.ImportResult;
import de.videoberatung.api.JoinState;
import de.videoberatung.api.Role;
import de.videoberatung.api.StatusChange;
import de.videoberatung.api.TimeSlot;
import de.videoberatung.api.UserInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The rules around appointments: who sees what, creating, editing and importing them, which status changes are
 * allowed, and joining by link. Every change of an appointment goes through here, and every change is heard by
 * the {@link AppointmentListener}s and pushed to the event streams of those who may see it.
 */
final class AppointmentService {

    private static final DateTimeFormatter CLASH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final AppointmentStore store;
    private final AccountStore accounts;
    private final Tokens tokens;
    private final List<AppointmentListener> listeners = new CopyOnWriteArrayList<>();
    private final EventHub events;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration joinOpensBefore;
    private final Duration joinClosesAfter;
    private final IceServerIssuer iceServers;

    AppointmentService(AppointmentStore store, AccountStore accounts, Tokens tokens, EventHub events,
                       ServerOptions options, IceServerIssuer iceServers) {
        this.store = store;
        this.accounts = accounts;
        this.tokens = tokens;
        this.events = events;
        this.iceServers = iceServers;
        this.clock = options.clock();
        this.zone = options.zone();
        // A demo day is for trying things out at any hour: every link of the day works all day.
        this.joinOpensBefore = options.demo() ? Duration.ofDays(1) : options.joinOpensBefore();
        this.joinClosesAfter = options.demo() ? Duration.ofDays(1) : options.joinClosesAfter();
    }

    List<Appointment> day(Account caller, LocalDate date) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        return store.forAdvisor(caller.id(), from, to).stream().map(AppointmentStore.Stored::appointment).toList();
    }

    List<Appointment> teamDay(Account caller, LocalDate date) {
        if (caller.role() != Role.TEAM_LEAD) {
            throw ApiProblem.forbidden("Only team leads may see the team's appointments");
        }
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        return store.forTeam(caller.teamId(), from, to).stream()
                .map(s -> TeamProjection.of(s.appointment())).toList();
    }

    /** An advisor changes the status of one of their own appointments. */
    Appointment changeStatus(Account caller, long id, StatusChange change) {
        if (change.status() == null) {
            throw ApiProblem.badRequest("INVALID_BODY", "Field 'status' is required");
        }
        // A team lead may cancel for the team; every other change is the advisor's own. Another advisor's
        // appointment looks exactly like a missing one.
        AppointmentStore.Stored stored = change.status() == AppointmentStatus.CANCELLED ? writable(caller, id)
                : store.byId(id).filter(s -> s.appointment().advisorId() == caller.id())
                .orElseThrow(() -> unknown(id));
        if (change.status() == AppointmentStatus.CUSTOMER_WAITING) {
            throw ApiProblem.conflict("CUSTOMER_ONLY", "Only the customer's join link puts an appointment into waiting");
        }
        if (change.status() == AppointmentStatus.NO_SHOW && change.reason() == null) {
            throw ApiProblem.badRequest("REASON_REQUIRED", "A no-show needs a reason");
        }
        // A team lead's cancellation answers the team's view of it, as their list and events do.
        return seenBy(caller, transition(stored, change, caller.id()));
    }

    /** The customer opens the join link: the appointment is marked as waiting (idempotent). */
    JoinState join(String token) {
        AppointmentStore.Stored stored = validJoin(token);
        Appointment a = stored.appointment();
        if (a.status() == AppointmentStatus.SCHEDULED) {
            a = transition(stored, StatusChange.to(AppointmentStatus.CUSTOMER_WAITING), null);
        }
        return joinState(a);
    }

    /** What the page may know, with ICE servers whose TURN credentials are fresh for its next peer connection. */
    JoinState joinState(Appointment a) {
        return new JoinState(a.status(), a.advisorName(), a.startsAt(), a.endsAt(), iceServers.issue());
    }

    /** The appointment behind a join link, if the link is usable right now; otherwise a 404 or 410. */
    AppointmentStore.Stored validJoin(String token) {
        AppointmentStore.Stored stored = store.byJoinToken(token)
                .filter(s -> s.appointment().channel() == Channel.VIDEO)
                .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_LINK", "This link is not known"));
        Appointment a = stored.appointment();
        Instant now = clock.instant();
        if (now.isBefore(a.startsAt().minus(joinOpensBefore))) {
            throw new ApiProblem(403, "LINK_NOT_YET_VALID", "This link opens shortly before the appointment");
        }
        if (now.isAfter(a.endsAt().plus(joinClosesAfter)) || a.status().isFinal()) {
            throw ApiProblem.gone("LINK_EXPIRED", "This link is no longer valid");
        }
        return stored;
    }

    /** Applies a status change through the state machine; 409 if it is not allowed from the current status. */
    Appointment transition(AppointmentStore.Stored stored, StatusChange change, Long changedBy) {
        return write(changes -> transition(changes, stored, change, changedBy));
    }

    private Appointment transition(List<AppointmentChange> changes, AppointmentStore.Stored stored,
                                   StatusChange change, Long changedBy) {
        Appointment a = stored.appointment();
        AppointmentStatus to = change.status();
        if (!a.status().canBecome(to)) {
            throw ApiProblem.conflict("INVALID_TRANSITION",
                    "An appointment in status " + a.status() + " cannot become " + to);
        }
        Instant now = clock.instant();
        Instant waitingSince = to == AppointmentStatus.CUSTOMER_WAITING ? now
                : to == AppointmentStatus.IN_CALL ? null : a.waitingSince();
        Instant callStarted = to == AppointmentStatus.IN_CALL ? now : a.callStartedAt();
        Instant callEnded = to == AppointmentStatus.COMPLETED ? now : a.callEndedAt();
        Long duration = a.durationSeconds();
        if (to == AppointmentStatus.COMPLETED && callStarted != null) {
            duration = Duration.between(callStarted, now).toSeconds();
        }
        boolean applied = store.updateStatus(a.id(), new AppointmentStore.StatusUpdate(a.status(), to,
                to == AppointmentStatus.NO_SHOW ? change.reason() : null,
                to == AppointmentStatus.COMPLETED ? null : waitingSince, callStarted, callEnded, duration,
                changedBy, now, to == AppointmentStatus.CANCELLED ? change.cancelReason() : null));
        if (!applied) {
            throw ApiProblem.conflict("CONCURRENT_CHANGE", "The appointment was changed at the same time; reload it");
        }
        AppointmentStore.Stored updated = store.byId(a.id()).orElseThrow();
        record(changes, new AppointmentChange(AppointmentChange.Kind.STATUS, stored, updated));
        return updated.appointment();
    }

    /** Registers a listener for every appointment change (e.g. the invitations' outbox). */
    void addListener(AppointmentListener listener) {
        listeners.add(listener);
    }

    /** A created appointment, or (same {@code externalId} again) the updated one. */
    record Saved(Appointment appointment, boolean created) {
    }

    /** What the caller may see of an appointment they wrote: a team lead the team's view of it. */
    static Appointment seenBy(Account caller, Appointment a) {
        return caller.id() == a.advisorId() || caller.role() != Role.TEAM_LEAD ? a : TeamProjection.of(a);
    }

    /**
     * "Neuer Termin" and the scheduling system: creates an appointment for the draft's advisor (default: the
     * caller). A draft whose {@code externalId} the caller used before updates that appointment instead.
     */
    Saved create(Account caller, AppointmentDraft body) {
        AppointmentDraft draft = AppointmentRules.normalized(body);
        Account advisor = advisorFor(caller, draft.advisorId());
        if (draft.externalId() != null) {
            Optional<AppointmentStore.Stored> existing = store.byExternalId(caller.id(), draft.externalId());
            if (existing.isPresent()) {
                AppointmentStore.Stored stored = existing.get();
                requireWritable(caller, stored);
                return new Saved(seenBy(caller, write(changes -> edit(changes, caller, stored,
                        draft.withAdvisor(advisor.id()))).appointment()), false);
            }
        }
        AppointmentDraft complete = draft.withAdvisor(advisor.id());
        check(complete);
        return new Saved(seenBy(caller, write(changes -> insert(changes, caller, advisor, complete)).appointment()),
                true);
    }

    /** Reschedules or edits a scheduled appointment: the non-null fields of {@code patch} change. */
    Appointment update(Account caller, long id, AppointmentDraft patch) {
        AppointmentStore.Stored stored = writable(caller, id);
        AppointmentDraft merged = AppointmentRules.normalized(patch.over(AppointmentDraft.of(stored.appointment())));
        return seenBy(caller, write(changes -> edit(changes, caller, stored, merged)).appointment());
    }

    /** The advisors of the caller's team, for a team lead's "Neuer Termin". */
    List<UserInfo> teamAdvisors(Account caller) {
        return accounts.advisorsOfTeam(caller.teamId()).stream().map(Account::info).toList();
    }

    /**
     * Imports the entries of one file for {@code advisorId} (null: the caller) in one transaction. Without
     * {@code partial} it is all or nothing: any rejected entry and nothing is written. Entries are matched to
     * earlier imports by external id (iCalendar UID, CSV id): an unchanged entry changes nothing.
     */
    ImportResult importEntries(Account caller, Long advisorId, AppointmentImport.Parsed parsed, boolean partial,
                               boolean allowOverlap) {
        Account advisor = advisorFor(caller, advisorId);
        List<ImportResult.Rejected> rejected = new ArrayList<>(parsed.rejected());
        int[] counts = new int[2];
        try {
            write(changes -> {
                for (AppointmentImport.Entry entry : parsed.entries()) {
                    try {
                        switch (importEntry(changes, caller, advisor, entry, allowOverlap)) {
                            case CREATED -> counts[0]++;
                            case UPDATED -> counts[1]++;
                            case UNCHANGED -> { }
                        }
                    } catch (ApiProblem e) {
                        rejected.add(rejection(entry.where(), e));
                    }
                }
                rejected.sort(FILE_ORDER);
                if (!partial && !rejected.isEmpty()) {
                    throw new Rollback();
                }
                return null;
            });
        } catch (Rollback e) {
            return new ImportResult(0, 0, rejected, false);
        }
        return new ImportResult(counts[0], counts[1], rejected, true);
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** CSV rows by line, whatever found them wrong (the reader or the rules); other places keep their order. */
    private static final Comparator<ImportResult.Rejected> FILE_ORDER = Comparator.comparingInt(
            r -> r.where().startsWith("Zeile ") ? Integer.parseInt(r.where().substring(6).strip()) : 0);

    private Outcome importEntry(List<AppointmentChange> changes, Account caller, Account advisor,
                                AppointmentImport.Entry entry, boolean allowOverlap) {
        AppointmentDraft draft = AppointmentRules.normalized(entry.draft()).withAdvisor(advisor.id())
                .withAllowOverlap(allowOverlap);
        Optional<AppointmentStore.Stored> existing = store.byExternalId(caller.id(), draft.externalId());
        if (entry.cancelled()) {
            // A cancelled calendar entry cancels what an earlier import made of it; unknown ones are skipped.
            if (existing.isEmpty() || !existing.get().appointment().status().canBecome(AppointmentStatus.CANCELLED)) {
                return Outcome.UNCHANGED;
            }
            transition(changes, existing.get(), StatusChange.cancel(null), caller.id());
            return Outcome.UPDATED;
        }
        if (existing.isEmpty()) {
            check(draft);
            insert(changes, caller, advisor, draft);
            return Outcome.CREATED;
        }
        int before = changes.size();
        edit(changes, caller, existing.get(), draft);
        return changes.size() > before ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    private static ImportResult.Rejected rejection(String where, ApiProblem problem) {
        String code = problem.fields != null && !problem.fields.isEmpty() ? problem.fields.get(0).code() : problem.code;
        return new ImportResult.Rejected(where, problem.getMessage(), code);
    }

    private AppointmentStore.Stored insert(List<AppointmentChange> changes, Account caller, Account advisor,
                                           AppointmentDraft d) {
        refuseOverlap(d, 0);
        NewAppointment a = fields(d, advisor, caller.id());
        long id = store.insert(a, d.channel() == Channel.VIDEO ? tokens.next() : null, clock.instant());
        AppointmentStore.Stored created = store.byId(id).orElseThrow();
        record(changes, new AppointmentChange(AppointmentChange.Kind.CREATED, null, created));
        return created;
    }

    /** Writes {@code merged} over a scheduled appointment; nothing (no write, no event) if nothing differs. */
    private AppointmentStore.Stored edit(List<AppointmentChange> changes, Account caller,
                                         AppointmentStore.Stored stored, AppointmentDraft merged) {
        Appointment a = stored.appointment();
        Account advisor = a.advisorId() == merged.advisorId() ? accounts.byId(a.advisorId()).orElseThrow()
                : advisorFor(caller, merged.advisorId());
        AppointmentDraft current = AppointmentDraft.of(a).withAllowOverlap(merged.overlapAllowed());
        if (current.equals(merged.withExternalId(a.externalId()))) {
            return stored;
        }
        if (a.status() != AppointmentStatus.SCHEDULED) {
            throw ApiProblem.conflict("NOT_EDITABLE",
                    "Only a scheduled appointment can be changed; this one is " + a.status());
        }
        check(merged);
        refuseOverlap(merged, a.id());
        boolean moved = !a.startsAt().equals(merged.startsAt()) || !a.endsAt().equals(merged.endsAt());
        NewAppointment fields = fields(merged, advisor, caller.id());
        if (!store.update(a.id(), fields, merged.channel() == Channel.VIDEO ? tokens.next() : null,
                moved ? "RESCHEDULED" : "EDITED", caller.id(), clock.instant())) {
            throw ApiProblem.conflict("CONCURRENT_CHANGE", "The appointment was changed at the same time; reload it");
        }
        AppointmentStore.Stored updated = store.byId(a.id()).orElseThrow();
        record(changes, new AppointmentChange(AppointmentChange.Kind.EDITED, stored, updated));
        return updated;
    }

    private static NewAppointment fields(AppointmentDraft d, Account advisor, long createdBy) {
        return new NewAppointment(advisor.id(), advisor.teamId(), d.customerName(), d.customerNumber(),
                d.customerPhone(), d.topic(), d.channel(), d.startsAt(), d.endsAt(), d.customerEmail(),
                d.customerLanguage(), d.externalId(), createdBy);
    }

    private static void check(AppointmentDraft d) {
        List<FieldError> errors = AppointmentRules.check(d);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields(errors);
        }
    }

    private void refuseOverlap(AppointmentDraft d, long exceptId) {
        if (d.overlapAllowed()) {
            return;
        }
        store.overlapping(d.advisorId(), d.startsAt(), d.endsAt(), exceptId).ifPresent(clash -> {
            Appointment c = clash.appointment();
            // The other appointment's time, never its customer.
            throw ApiProblem.overlap("The advisor already has an appointment from "
                    + CLASH_TIME.format(c.startsAt().atZone(zone)) + " to "
                    + CLASH_TIME.format(c.endsAt().atZone(zone)).substring(11) + " (" + zone.getId()
                    + "); send allowOverlap to book it anyway", new TimeSlot(c.startsAt(), c.endsAt()));
        });
    }

    /** The advisor an appointment is for (null: the caller), if the caller may write for them. */
    private Account advisorFor(Account caller, Long advisorId) {
        if (advisorId == null || advisorId == caller.id()) {
            if (caller.role() != Role.ADVISOR) {
                throw ApiProblem.invalidFields(List.of(new FieldError("advisorId", "REQUIRED")));
            }
            return caller;
        }
        Account advisor = accounts.byId(advisorId).filter(a -> a.role() == Role.ADVISOR)
                .orElseThrow(() -> ApiProblem.invalidFields(List.of(new FieldError("advisorId", "UNKNOWN_ADVISOR"))));
        if (!AppointmentAccess.mayWriteFor(caller, advisor)) {
            throw ApiProblem.forbidden("You may not manage this advisor's appointments");
        }
        return advisor;
    }

    /** For actions beside this service (sending the invitation again): the appointment if the caller may change it. */
    AppointmentStore.Stored changeable(Account caller, long id) {
        return writable(caller, id);
    }

    /** An appointment the caller may change; anything else looks missing (404). */
    private AppointmentStore.Stored writable(Account caller, long id) {
        AppointmentStore.Stored stored = store.byId(id).orElseThrow(() -> unknown(id));
        Account advisor = accounts.byId(stored.appointment().advisorId()).orElseThrow();
        if (!AppointmentAccess.mayWriteFor(caller, advisor)) {
            throw unknown(id);
        }
        return stored;
    }

    private void requireWritable(Account caller, AppointmentStore.Stored stored) {
        writable(caller, stored.appointment().id());
    }

    private static ApiProblem unknown(long id) {
        return ApiProblem.notFound("UNKNOWN_APPOINTMENT", "No appointment " + id);
    }

    /**
     * Runs {@code work} in one transaction; the changes it records are heard by the listeners inside it and
     * pushed to the event streams after the commit (never for a change that was rolled back).
     */
    private <T> T write(Function<List<AppointmentChange>, T> work) {
        List<AppointmentChange> changes = new ArrayList<>();
        T result = store.atomically(() -> work.apply(changes));
        if (changes.size() == 1) {
            events.appointmentChanged(changes.get(0).after());
        } else if (!changes.isEmpty()) {
            // An import: the latest state of each appointment, in one message per receiver.
            Map<Long, AppointmentStore.Stored> latest = new LinkedHashMap<>();
            changes.forEach(c -> latest.put(c.after().appointment().id(), c.after()));
            events.appointmentsChanged(List.copyOf(latest.values()));
        }
        return result;
    }

    private void record(List<AppointmentChange> changes, AppointmentChange change) {
        for (AppointmentListener listener : listeners) {
            listener.changed(change);
        }
        changes.add(change);
    }

    /** Thrown inside an import's transaction to undo it. */
    private static final class Rollback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rollback() {
            super(null, null, false, false);
        }
    }

}
