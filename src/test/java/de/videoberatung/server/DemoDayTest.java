package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The live demo day at any hour: on today in Berlin, with a past, a customer about to arrive and later ones. */
class DemoDayTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** The signed-in advisor's and the colleagues' shifts, as DemoData uses them. */
    static final List<Duration> OFFSETS = List.of(Duration.ZERO, Duration.ofMinutes(-15), Duration.ofMinutes(10),
            Duration.ofMinutes(-25));

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T07:00:00", "2026-12-01T10:00:00", "2026-12-01T13:07:41",
            "2026-12-01T17:30:00", "2026-12-01T20:00:00", "2026-12-01T22:50:00", "2026-12-01T23:30:00",
            "2026-12-01T23:59:30", "2026-12-02T00:00:30", "2026-12-02T00:10:00", "2026-12-02T03:00:00",
            "2026-03-29T01:30:00", "2026-03-29T03:30:00", "2026-10-25T02:30:00", "2026-10-25T23:45:00"})
    void theDayIsTodayWithAPastAndAFutureForEveryAdvisor(String localNow) {
        Instant now = LocalDateTime.parse(localNow).atZone(BERLIN).toInstant();
        LocalDate today = LocalDate.ofInstant(now, BERLIN);
        for (Duration offset : OFFSETS) {
            List<DemoDay.Planned> day = DemoDay.live(now, BERLIN, offset);
            assertThat(day).hasSize(DemoDay.SLOTS);
            for (int i = 0; i < day.size(); i++) {
                DemoDay.Planned slot = day.get(i);
                assertThat(LocalDate.ofInstant(slot.start(), BERLIN)).as("start of %s at %s", i, localNow)
                        .isEqualTo(today);
                assertThat(LocalDate.ofInstant(slot.end(), BERLIN)).as("end of %s at %s", i, localNow)
                        .isEqualTo(today);
                assertThat(slot.end()).isAfter(slot.start());
                if (i > 0) {
                    assertThat(slot.start()).isAfterOrEqualTo(day.get(i - 1).end());
                }
            }
            assertThat(day).filteredOn(s -> s.start().isBefore(now)).as("past at %s", localNow)
                    .hasSizeGreaterThanOrEqualTo(DemoDay.MIN_PAST);
            assertThat(day).filteredOn(s -> s.start().isAfter(now)).as("later at %s", localNow)
                    .hasSizeGreaterThanOrEqualTo(offset.isNegative() ? DemoDay.MIN_LATER - 1 : DemoDay.MIN_LATER);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T06:00:00", "2026-12-01T09:58:12", "2026-12-01T12:00:00",
            "2026-12-01T16:20:00", "2026-12-01T21:40:00"})
    void theNextCustomerArrivesInFiveToTenMinutesOnTheHoursQuarterMarks(String localNow) {
        Instant now = LocalDateTime.parse(localNow).atZone(BERLIN).toInstant();
        List<DemoDay.Planned> day = DemoDay.live(now, BERLIN, Duration.ZERO);
        DemoDay.Planned next = day.stream().filter(s -> s.start().isAfter(now)).findFirst().orElseThrow();
        assertThat(Duration.between(now, next.start())).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
        // Away from midnight nothing is squeezed: whole 5-minute marks and the office day's lengths.
        assertThat(day).allSatisfy(s -> {
            assertThat(s.start().getEpochSecond() % 300).isZero();
            assertThat(Duration.between(s.start(), s.end())).isIn(Duration.ofMinutes(30), Duration.ofMinutes(45));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T23:57:00", "2026-12-01T23:59:50"})
    void justBeforeMidnightTheRestOfTheDayIsSqueezedButTheNextCustomerStillComes(String localNow) {
        Instant now = LocalDateTime.parse(localNow).atZone(BERLIN).toInstant();
        Instant midnight = LocalDate.of(2026, 12, 2).atStartOfDay(BERLIN).toInstant();
        List<DemoDay.Planned> day = DemoDay.live(now, BERLIN, Duration.ZERO);
        assertThat(day.get(DemoDay.SLOTS - 1).end()).isBefore(midnight);
        assertThat(day).filteredOn(s -> s.start().isAfter(now)).hasSizeGreaterThanOrEqualTo(DemoDay.MIN_LATER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T08:00:00", "2026-12-01T14:00:00", "2026-12-01T22:00:00",
            "2026-12-02T00:20:00"})
    void aColleagueShiftedBackIsInAConsultationRightNow(String localNow) {
        Instant now = LocalDateTime.parse(localNow).atZone(BERLIN).toInstant();
        List<DemoDay.Planned> day = DemoDay.live(now, BERLIN, Duration.ofMinutes(-15));
        assertThat(day).filteredOn(s -> s.start().isBefore(now) && s.end().isAfter(now)).hasSize(1)
                .allSatisfy(s -> assertThat(DemoData.seeded(s, now, false, false))
                        .isEqualTo(DemoData.Seeded.IN_CALL));
        // The advisor the newcomer signs in as has no call running: the same slot is over for them.
        assertThat(day).filteredOn(s -> s.start().isBefore(now) && s.end().isAfter(now))
                .allSatisfy(s -> assertThat(DemoData.seeded(s, now, true, false)).isEqualTo(DemoData.Seeded.DONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T10:00:00", "2026-12-01T23:59:30"})
    void theSameMomentGivesTheSameDay(String localNow) {
        Instant now = LocalDateTime.parse(localNow).atZone(BERLIN).toInstant();
        assertThat(DemoDay.live(now, BERLIN, Duration.ZERO)).isEqualTo(DemoDay.live(now, BERLIN, Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01", "2026-03-29"})
    void aFixedDemoTimeKeepsTheOfficeDay(String date) {
        List<DemoDay.Planned> day = DemoDay.fixed(LocalDate.parse(date), BERLIN);
        assertThat(day.get(0).start().atZone(BERLIN).toLocalTime()).hasToString("08:00");
        assertThat(day.get(DemoDay.SLOTS - 1).end().atZone(BERLIN).toLocalTime()).hasToString("16:00");
    }
}
