package de.videoberatung.server;

import de.videoberatung.api.Appointment;

/**
 * What a team lead may see of an advisor's appointment: when, who, which channel, the status with the
 * measured times, and whether a note exists. Everything else stays with the advisor: no join link, no phone
 * number, no topic (it can reveal health or family matters), no device check, and never note text.
 * Every team response and every team event goes through here.
 */
final class TeamProjection {

    private TeamProjection() {
    }

    static Appointment of(Appointment a) {
        return new Appointment(a.id(), a.advisorId(), a.advisorName(), a.customerName(), a.customerNumber(),
                null, null, a.channel(), a.startsAt(), a.endsAt(), a.status(), a.noShowReason(),
                null, a.waitingSince(), null, a.callStartedAt(), a.callEndedAt(), a.durationSeconds(),
                a.hasNote(), a.updatedAt());
    }
}
