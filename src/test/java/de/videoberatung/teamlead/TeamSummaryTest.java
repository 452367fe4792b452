package de.videoberatung.teamlead;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The team figures from a handful of appointments whose right answers are known. */
class TeamSummaryTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NINE = Instant.parse("2024-03-05T08:00:00Z");

    @Test
    void countsRateAndConsultationTimes() {
        TeamSummary s = TeamSummary.of(List.of(
                at(NINE, AppointmentStatus.COMPLETED, 600L, null),
                at(NINE, AppointmentStatus.COMPLETED, 1200L, null),
                at(NINE.plusSeconds(3600), AppointmentStatus.NO_SHOW, null, null),
                at(NINE.plusSeconds(3600), AppointmentStatus.CANCELLED, null, null),
                at(NINE.plusSeconds(7200), AppointmentStatus.SCHEDULED, null, null)), BERLIN);

        assertThat(s.total()).isEqualTo(5);
        assertThat(s.count(AppointmentStatus.COMPLETED)).isEqualTo(2);
        assertThat(s.count(AppointmentStatus.IN_CALL)).isZero();
        // Cancelled and open appointments are not part of the rate: 1 missed of 3 decided.
        assertThat(s.noShowRate()).isEqualTo(1.0 / 3);
        assertThat(s.totalConsultationTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.averageConsultationTime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.count(9, AppointmentStatus.COMPLETED)).isEqualTo(2);
        assertThat(s.count(10, AppointmentStatus.NO_SHOW)).isEqualTo(1);
        assertThat(s.count(10, AppointmentStatus.CANCELLED)).isEqualTo(1);
        assertThat(s.hourRange()).containsExactly(8, 16);
    }

    @Test
    void nothingDecidedYetHasNoRateAndNoAverage() {
        TeamSummary s = TeamSummary.of(List.of(at(NINE, AppointmentStatus.SCHEDULED, null, null)), BERLIN);
        assertThat(s.noShowRate()).isNull();
        assertThat(s.averageConsultationTime()).isNull();
        assertThat(s.totalConsultationTime()).isEqualTo(Duration.ZERO);
        assertThat(s.longestWait(NINE)).isNull();
    }

    @Test
    void longestWaitIsTheEarliestWaitingCustomer() {
        TeamSummary s = TeamSummary.of(List.of(
                at(NINE, AppointmentStatus.CUSTOMER_WAITING, null, NINE.plusSeconds(30)),
                at(NINE, AppointmentStatus.CUSTOMER_WAITING, null, NINE.minusSeconds(90)),
                at(Instant.parse("2024-03-05T17:30:00Z"), AppointmentStatus.SCHEDULED, null, null)), BERLIN);
        assertThat(s.waitingNow()).isEqualTo(2);
        assertThat(s.longestWait(NINE.plusSeconds(60))).isEqualTo(Duration.ofSeconds(150));
        assertThat(s.hourRange()).containsExactly(8, 18);
    }

    private static Appointment at(Instant start, AppointmentStatus status, Long seconds, Instant waitingSince) {
        return new Appointment(1, 2, "Anna Becker", "Kundin", "123A456789", null, null, Channel.PHONE, start,
                start.plusSeconds(1800), status, null, null, waitingSince, null, null, null, seconds, false, start);
    }
}
