package de.videoberatung.server;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.StatusChange;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code POST /api/v1/appointments/{id}/phone-fallback}: video does not work, the advisor calls the customer.
 * The appointment's channel becomes PHONE (so its join link stops working), the customer's page is told that
 * the advisor calls, the call log records the change, and the consultation goes on: a waiting appointment
 * becomes IN_CALL, a running one stays IN_CALL until the advisor completes it.
 */
final class PhoneFallbackEndpoint {

    private final AppointmentService appointments;
    private final AppointmentStore store;
    private final CallSignalling calls;
    private final EventHub events;
    private final Clock clock;

    PhoneFallbackEndpoint(AppointmentService appointments, AppointmentStore store, CallSignalling calls,
                          EventHub events, Clock clock) {
        this.appointments = appointments;
        this.store = store;
        this.calls = calls;
        this.events = events;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/api/v1/appointments/{id}/phone-fallback", this::fallBack, ConsultationServer.Access.SIGNED_IN);
    }

    private void fallBack(Context ctx) {
        Account caller = ConsultationServer.account(ctx);
        long id = ConsultationServer.id(ctx);
        AppointmentStore.Stored stored = store.byId(id)
                .filter(s -> s.appointment().advisorId() == caller.id())
                .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_APPOINTMENT", "No appointment " + id));
        Appointment a = stored.appointment();
        if (a.channel() != Channel.VIDEO) {
            throw ApiProblem.conflict("NOT_VIDEO", "Only a video appointment can fall back to phone");
        }
        if (a.status() != AppointmentStatus.IN_CALL && a.status() != AppointmentStatus.CUSTOMER_WAITING) {
            throw ApiProblem.conflict("NOT_IN_CALL", "The appointment is neither waiting nor in a call");
        }
        if (a.status() == AppointmentStatus.CUSTOMER_WAITING) {
            stored = store.byId(appointments.transition(stored, StatusChange.to(AppointmentStatus.IN_CALL),
                    caller.id()).id()).orElseThrow();
        }
        store.setChannel(id, Channel.PHONE, clock.instant());
        calls.endForPhone(id, caller.id());
        AppointmentStore.Stored updated = store.byId(id).orElseThrow();
        events.appointmentChanged(updated);
        ctx.json(updated.appointment());
    }
}
