package de.videoberatung.queue;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.CustomerCheck;
import de.videoberatung.api.InvitationState;
import de.videoberatung.api.InvitationStatus;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.i18n.Messages;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the queue words an appointment's state, in German. */
class AppointmentTextTest {

    static final Instant START = Instant.parse("2026-11-27T09:00:00Z");
    final AppointmentText text = new AppointmentText(Messages.german(), Duration.ofMinutes(10));

    @Test
    void waitingCustomerShowsMinutesAndSecondsSinceJoining() {
        Appointment waiting = appointment(AppointmentStatus.CUSTOMER_WAITING, START.minusSeconds(80), null, null);
        assertThat(text.status(waiting)).isEqualTo("Wartet");
        assertThat(text.detail(waiting, START)).isEqualTo("wartet seit 1:20");
    }

    @Test
    void customerNotJoinedAfterTheGraceTimeIsFlaggedButNotMarkedNoShow() {
        Appointment scheduled = appointment(AppointmentStatus.SCHEDULED, null, null, null);
        assertThat(text.needsFollowUp(scheduled, START.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(text.needsFollowUp(scheduled, START.plus(Duration.ofMinutes(11)))).isTrue();
        assertThat(text.detail(scheduled, START.plus(Duration.ofMinutes(11))))
                .isEqualTo("noch nicht eingetreten: nachfassen");
        assertThat(text.status(scheduled)).isEqualTo("Geplant");
    }

    @Test
    void completedShowsDurationAndNoShowShowsItsReason() {
        assertThat(text.detail(appointment(AppointmentStatus.COMPLETED, null, 3725L, null), START))
                .isEqualTo("Dauer 1:02:05");
        assertThat(text.detail(appointment(AppointmentStatus.NO_SHOW, null, null, NoShowReason.OUR_TECHNICAL), START))
                .isEqualTo("Technisches Problem bei uns");
    }

    @Test
    void elapsedNeverGoesNegativeWhenClocksDiffer() {
        assertThat(AppointmentText.elapsed(Duration.ofSeconds(-5))).isEqualTo("0:00");
        assertThat(AppointmentText.elapsed(Duration.ofSeconds(59))).isEqualTo("0:59");
    }

    @Test
    void waitingCustomersDeviceCheckIsSummedUpInAFewWords() {
        assertThat(text.detail(waitingWith(new CustomerCheck(true, true, true, "good")), START))
                .isEqualTo("wartet seit 1:20 · Technik ok");
        assertThat(text.detail(waitingWith(new CustomerCheck(true, false, false, "poor")), START))
                .isEqualTo("wartet seit 1:20 · ohne Mikrofon, Ton nicht gehört, Verbindung schwach");
    }

    @Test
    void theInvitationStateReadsSentWaitingOrFailedWithItsReason() {
        assertThat(text.invitation(invited(null))).as("never known").isEmpty();
        assertThat(text.invitation(invited(InvitationStatus.NONE))).isEmpty();
        // 08:42 UTC is 09:42 in Berlin: the server's zone, not the machine's.
        Instant at = Instant.parse("2026-11-27T08:42:00Z");
        assertThat(text.invitation(invited(new InvitationStatus(InvitationState.SENT, null, at))))
                .isEqualTo("gesendet 09:42");
        assertThat(text.invitation(invited(new InvitationStatus(InvitationState.PENDING, null, at))))
                .isEqualTo("wird gesendet");
        assertThat(text.invitation(invited(new InvitationStatus(InvitationState.PENDING, "MAIL_SERVER_UNREACHABLE",
                at)))).isEqualTo("wartet: Mailserver nicht erreichbar");
        assertThat(text.invitation(invited(new InvitationStatus(InvitationState.FAILED, "RECIPIENT_REJECTED", at))))
                .isEqualTo("fehlgeschlagen: E-Mail-Adresse abgelehnt");
        assertThat(text.invitation(invited(new InvitationStatus(InvitationState.FAILED, "SOMETHING_NEW", at))))
                .as("a code of a newer server").isEqualTo("fehlgeschlagen: unbekannter Grund");
    }

    static Appointment invited(InvitationStatus invitation) {
        Appointment a = appointment(AppointmentStatus.SCHEDULED, null, null, null);
        return new Appointment(a.id(), a.advisorId(), a.advisorName(), a.customerName(), a.customerNumber(),
                a.customerPhone(), a.topic(), a.channel(), a.startsAt(), a.endsAt(), a.status(), a.noShowReason(),
                a.joinUrl(), a.waitingSince(), null, null, null, null, false, a.updatedAt(), "olga@mail.example", null,
                null, null, invitation);
    }

    static Appointment waitingWith(CustomerCheck check) {
        Appointment a = appointment(AppointmentStatus.CUSTOMER_WAITING, START.minusSeconds(80), null, null);
        return new Appointment(a.id(), a.advisorId(), a.advisorName(), a.customerName(), a.customerNumber(),
                a.customerPhone(), a.topic(), a.channel(), a.startsAt(), a.endsAt(), a.status(), a.noShowReason(),
                a.joinUrl(), a.waitingSince(), check, null, null, null, false, a.updatedAt());
    }

    static Appointment appointment(AppointmentStatus status, Instant waitingSince, Long duration, NoShowReason reason) {
        return new Appointment(1, 2, "Anna Becker", "Olga Wolff", "123A456789", null, "Folgegespräch", Channel.VIDEO,
                START, START.plusSeconds(1800), status, reason, null, waitingSince, null, null, null, duration, false,
                START);
    }
}
