package de.videoberatung.server;

import de.videoberatung.server.invitations.Invitations;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/appointments/{id}/invitation}: "Einladung erneut senden". 202 with the appointment once the
 * invitation is in the outbox (the mail itself goes out in the background); for whoever may change the
 * appointment (its advisor, a team lead of its team), 404 for everyone else, 409 when there is nothing to send.
 */
final class InvitationEndpoint {

    private final AppointmentService appointments;
    private final AppointmentStore store;
    private final Invitations invitations;
    private final EventHub events;

    InvitationEndpoint(AppointmentService appointments, AppointmentStore store, Invitations invitations,
                       EventHub events) {
        this.appointments = appointments;
        this.store = store;
        this.invitations = invitations;
        this.events = events;
    }

    void register(Javalin app) {
        app.post("/api/v1/appointments/{id}/invitation", this::sendAgain, ConsultationServer.Access.SIGNED_IN);
    }

    private void sendAgain(Context ctx) {
        Account caller = ConsultationServer.account(ctx);
        long id = appointments.changeable(caller, ConsultationServer.id(ctx)).appointment().id();
        switch (invitations.sendAgain(id)) {
            case QUEUED -> {
                AppointmentStore.Stored updated = store.byId(id).orElseThrow();
                events.appointmentChanged(updated);
                ctx.status(202).json(AppointmentService.seenBy(caller, updated.appointment()));
            }
            case UNKNOWN_APPOINTMENT -> throw ApiProblem.notFound("UNKNOWN_APPOINTMENT", "No appointment " + id);
            case NOT_CONFIGURED -> throw ApiProblem.conflict("INVITATIONS_OFF",
                    "No mail server or SMS gateway is configured (mail.smtp.host, sms.gateway.url)");
            case NOT_VIDEO -> throw ApiProblem.conflict("NOT_VIDEO", "Only video appointments get an invitation");
            case CLOSED -> throw ApiProblem.conflict("APPOINTMENT_CLOSED", "The appointment is over or closed");
            case NO_CONTACT -> throw ApiProblem.conflict("NO_CONTACT",
                    "The appointment has no e-mail address (or mobile number for SMS)");
        }
    }
}
