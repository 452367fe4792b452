package de.videoberatung.server;

import de.videoberatung.api.Appointment;

/** What a team lead may see of an advisor's appointment: no join link (and never note text). */
final class TeamView {

    private TeamView() {
    }

    static Appointment of(Appointment a) {
        return new Appointment(a.id(), a.advisorId(), a.advisorName(), a.customerName(), a.customerNumber(),
                a.customerPhone(), a.topic(), a.channel(), a.startsAt(), a.endsAt(), a.status(), a.noShowReason(),
                null, a.waitingSince(), a.customerCheck(), a.callStartedAt(), a.callEndedAt(), a.durationSeconds(),
                a.hasNote(), a.updatedAt());
    }
}
