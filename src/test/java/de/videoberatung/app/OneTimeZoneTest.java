package de.videoberatung.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.Appointment;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.teamlead.TeamCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a machine set to UTC the app still shows the server's day in Europe/Berlin: an 08:00 appointment reads 08:00
 * (not 07:00) in the queue, in texts with times, in the CSV, and "today" is Berlin's today.
 */
class OneTimeZoneTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private TimeZone machineZone;

    @BeforeEach
    void machineInUtc() {
        machineZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterEach
    void restoreMachineZone() {
        TimeZone.setDefault(machineZone);
    }

    @Test
    void theConfiguredZoneIsBerlinUnlessSetAndNeverTheMachines(@TempDir Path dir) throws Exception {
        assertThat(AppConfigs.demo(dir, "07:00").zone()).isEqualTo(BERLIN);
        Path userFile = dir.resolve("user.properties");
        AppConfig.Locations locations = new AppConfig.Locations(dir.resolve("none"), userFile, dir, dir);
        assertThat(AppConfig.load(List.of(), locations).zone()).isEqualTo(BERLIN);
        Files.writeString(userFile, "time.zone=Europe/Vienna\n");
        assertThat(AppConfig.load(List.of(), locations).zone()).isEqualTo(ZoneId.of("Europe/Vienna"));
        Files.writeString(userFile, "time.zone=Mars/Olympus\n");
        assertThatThrownBy(() -> AppConfig.load(List.of(), locations))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time.zone");
    }

    @Test
    void anEightOClockBerlinAppointmentShowsEightOClockOnAUtcMachine(@TempDir Path dir) throws Exception {
        // 06:30 UTC is 07:30 in Berlin (winter): the demo day's first appointment starts at 08:00 Berlin time.
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T06:30:00Z"), ZoneId.of("UTC"));
        try (AppContext context = AppContext.start(AppConfigs.demo(dir, "07:00"), clock, new CompletableFuture<>())) {
            assertThat(context.zone()).isEqualTo(BERLIN);
            context.signInDemo();
            List<Appointment> day = context.api().appointments(LocalDate.of(2026, 12, 1));
            Appointment first = day.get(0);
            assertThat(first.startsAt()).isEqualTo(Instant.parse("2026-12-01T07:00:00Z"));

            AppointmentText text = new AppointmentText(context.messages(), Duration.ofMinutes(10));
            assertThat(text.timeRange(first)).startsWith("08:00–");
            // Texts with {0,time,short}: dialogs, the offline banner, "Gespeicherter Stand von ...".
            assertThat(context.messages().get("queue.cancel.header", "Frau Test", first.startsAt()))
                    .contains("08:00 Uhr");
            assertThat(context.messages().get("queue.cachedState", Date.from(first.startsAt())))
                    .isEqualTo("Gespeicherter Stand von 08:00 Uhr");
            Path csv = dir.resolve("Teamliste.csv");
            new TeamCsv(context.messages(), context.zone()).write(List.of(first), csv);
            assertThat(Files.readAllLines(csv).get(1)).startsWith("01.12.2026;08:00;");
        }
    }

    @Test
    void justAfterMidnightInBerlinTodayIsBerlinsToday(@TempDir Path dir) throws Exception {
        // 23:30 UTC on 1 December is 00:30 on 2 December in Berlin.
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T23:30:00Z"), ZoneId.of("UTC"));
        try (AppContext context = AppContext.start(AppConfigs.demo(dir, "07:00"), clock, new CompletableFuture<>())) {
            context.signInDemo();
            assertThat(LocalDate.now(context.clock().withZone(context.zone()))).isEqualTo(LocalDate.of(2026, 12, 2));
            assertThat(context.api().appointments(LocalDate.of(2026, 12, 2))).hasSize(12);
            assertThat(context.api().appointments(LocalDate.of(2026, 12, 1))).isEmpty();
        }
    }
}
