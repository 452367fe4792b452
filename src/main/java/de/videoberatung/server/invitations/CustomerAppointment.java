package de.videoberatung.server.invitations;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import java.time.Instant;

/** What the outbox needs to know of an appointment, read from the server's database when planning or sending. */
record CustomerAppointment(long id, String advisorName, Channel channel, AppointmentStatus status, Instant startsAt,
                           Instant endsAt, String email, String phone, String language, String sealedJoinToken) {

    boolean hasEmail() {
        return email != null && !email.isBlank();
    }
}
