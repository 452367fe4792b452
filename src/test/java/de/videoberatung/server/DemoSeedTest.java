package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live demo as the server seeds it, opened in the evening, at night and in the morning. */
class DemoSeedTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T21:40:00", "2026-12-02T00:15:00", "2026-12-01T10:03:00"})
    void theDemoDayHasDoneConsultationsAVideoCustomerAboutToArriveAndColleaguesInCalls(String localNow,
                                                                                        @TempDir Path data)
            throws Exception {
        Instant now = LocalDateTime.parse(localNow).atZone(BERLIN).toInstant();
        LocalDate today = LocalDate.ofInstant(now, BERLIN);
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data).demo(true)
                .clock(Clock.fixed(now, BERLIN)).build()).start()) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login(DemoData.ADVISOR, DemoData.PASSWORD);
            List<Appointment> day = advisor.appointments(today);

            assertThat(day).hasSize(DemoDay.SLOTS);
            assertThat(day).filteredOn(a -> a.startsAt().isBefore(now)).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(a -> assertThat(a.status()).isIn(AppointmentStatus.COMPLETED,
                            AppointmentStatus.NO_SHOW));
            assertThat(day).filteredOn(a -> a.status() == AppointmentStatus.COMPLETED).allSatisfy(a -> {
                assertThat(a.callStartedAt()).isAfterOrEqualTo(a.startsAt());
                assertThat(a.callEndedAt()).isAfter(a.callStartedAt()).isBeforeOrEqualTo(now);
            });
            Appointment next = day.stream().filter(a -> a.status() == AppointmentStatus.SCHEDULED).findFirst()
                    .orElseThrow();
            assertThat(next.channel()).isEqualTo(Channel.VIDEO);
            assertThat(next.joinUrl()).isNotBlank();
            assertThat(Duration.between(now, next.startsAt())).isPositive()
                    .isLessThanOrEqualTo(Duration.ofMinutes(10));
            assertThat(day).filteredOn(a -> a.startsAt().isAfter(now)).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(a -> assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED));

            ApiClient lead = new ApiClient(server.baseUri());
            lead.login(DemoData.TEAM_LEAD, DemoData.PASSWORD);
            List<Appointment> team = lead.teamAppointments(today);
            assertThat(team).hasSize(4 * DemoDay.SLOTS);
            // Colleagues whose day is shifted back are in a consultation now; the newcomer's own advisor is not.
            List<Appointment> inCall = team.stream().filter(a -> a.status() == AppointmentStatus.IN_CALL).toList();
            assertThat(inCall).extracting(Appointment::advisorName).contains("Jonas Hoffmann", "Markus Schulte")
                    .doesNotContain("Anna Becker");
            assertThat(inCall).allSatisfy(a -> assertThat(a.callStartedAt()).isBefore(now));
        }
    }
}
