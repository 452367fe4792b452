package de.videoberatung.server;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.JoinState;
import de.videoberatung.api.Role;
import de.videoberatung.api.StatusChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** The rules around appointments: who sees what, which status changes are allowed, and joining by link. */
final class AppointmentService {

    private final AppointmentStore store;
    private final EventHub events;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration joinOpensBefore;
    private final Duration joinClosesAfter;
    private final IceServerIssuer iceServers;

    AppointmentService(AppointmentStore store, EventHub events, ServerOptions options, IceServerIssuer iceServers) {
        this.store = store;
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
                .map(s -> TeamView.of(s.appointment())).toList();
    }

    /** An advisor changes the status of one of their own appointments. */
    Appointment changeStatus(Account caller, long id, StatusChange change) {
        if (change.status() == null) {
            throw ApiProblem.badRequest("INVALID_BODY", "Field 'status' is required");
        }
        AppointmentStore.Stored stored = store.byId(id)
                .filter(s -> s.appointment().advisorId() == caller.id())
                // Another advisor's appointment looks exactly like a missing one.
                .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_APPOINTMENT", "No appointment " + id));
        if (change.status() == AppointmentStatus.CUSTOMER_WAITING) {
            throw ApiProblem.conflict("CUSTOMER_ONLY", "Only the customer's join link puts an appointment into waiting");
        }
        if (change.status() == AppointmentStatus.NO_SHOW && change.reason() == null) {
            throw ApiProblem.badRequest("REASON_REQUIRED", "A no-show needs a reason");
        }
        return transition(stored, change, caller.id());
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
                changedBy, now));
        if (!applied) {
            throw ApiProblem.conflict("CONCURRENT_CHANGE", "The appointment was changed at the same time; reload it");
        }
        AppointmentStore.Stored updated = store.byId(a.id()).orElseThrow();
        events.appointmentChanged(updated);
        return updated.appointment();
    }
}
