package de.videoberatung.store;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local appointment cache on a real SQLite file. */
class AppointmentCacheTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDate DAY = LocalDate.of(2026, 11, 27);

    @TempDir
    Path dir;

    @Test
    void migratesAnEmptyFileToTheCurrentSchema() throws Exception {
        try (LocalStore store = LocalStore.open(dir)) {
            assertThat(Files.exists(dir.resolve(LocalStore.FILE_NAME))).isTrue();
            List<String> tables = store.database().read(c -> {
                List<String> names = new ArrayList<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                return names;
            });
            assertThat(tables).contains("cached_day", "cached_appointment", "flyway_schema_history");
            String journal = store.database().read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(journal).isEqualToIgnoringCase("wal");
        }
        // Opening again finds the schema current and keeps working.
        try (LocalStore again = LocalStore.open(dir)) {
            assertThat(new AppointmentCache(again, BERLIN).loadDay(1, DAY)).isEmpty();
        }
    }

    @Test
    void savedDayIsReadBackAfterReopeningSortedByStart() {
        Instant fetched = Instant.parse("2026-11-27T08:00:00Z");
        List<Appointment> day = List.of(appointment(2, "10:00", "Olga Wolff"), appointment(1, "08:00", "Jan Meyer"));
        try (LocalStore store = LocalStore.open(dir)) {
            new AppointmentCache(store, BERLIN).saveDay(7, DAY, day, fetched);
        }
        try (LocalStore store = LocalStore.open(dir)) {
            AppointmentCache.CachedDay cached = new AppointmentCache(store, BERLIN).loadDay(7, DAY).orElseThrow();
            assertThat(cached.fetchedAt()).isEqualTo(fetched);
            assertThat(cached.appointments()).extracting(Appointment::customerName)
                    .containsExactly("Jan Meyer", "Olga Wolff");
            assertThat(cached.appointments().get(0)).isEqualTo(day.get(1));
            assertThat(new AppointmentCache(store, BERLIN).loadDay(8, DAY)).as("other user").isEmpty();
        }
    }

    @Test
    void savingADayAgainReplacesItAndSingleChangesUpdateIt() {
        try (LocalStore store = LocalStore.open(dir)) {
            AppointmentCache cache = new AppointmentCache(store, BERLIN);
            cache.saveDay(7, DAY, List.of(appointment(1, "08:00", "A"), appointment(2, "09:00", "B")), Instant.now());
            cache.saveDay(7, DAY, List.of(appointment(2, "09:00", "B")), Instant.now());
            Appointment changed = withStatus(appointment(2, "09:00", "B"), AppointmentStatus.CUSTOMER_WAITING);
            cache.saveAppointment(7, changed);
            List<Appointment> cached = cache.loadDay(7, DAY).orElseThrow().appointments();
            assertThat(cached).containsExactly(changed);
        }
    }

    @Test
    void aReloadReplacesTheDayWithWhatWasDelivered() {
        try (LocalStore store = LocalStore.open(dir)) {
            AppointmentCache cache = new AppointmentCache(store, BERLIN);
            Appointment kept = appointment(1, "08:00", "A");
            cache.saveDay(7, DAY, List.of(kept, appointment(2, "09:00", "B"), appointment(3, "10:00", "C")),
                    Instant.now());

            Appointment changed = withStatus(appointment(2, "09:00", "B"), AppointmentStatus.CUSTOMER_WAITING);
            Appointment added = appointment(4, "11:00", "D");
            Instant fetched = Instant.parse("2026-11-27T09:00:00Z");
            cache.saveDay(7, DAY, List.of(kept, changed, added), fetched);

            AppointmentCache.CachedDay cached = cache.loadDay(7, DAY).orElseThrow();
            assertThat(cached.appointments()).containsExactly(kept, changed, added);
            assertThat(cached.fetchedAt()).isEqualTo(fetched);
        }
    }

    @Test
    void rowsWipedOrMovedAwayAreWrittenAgainByTheNextReload() {
        try (LocalStore store = LocalStore.open(dir)) {
            AppointmentCache cache = new AppointmentCache(store, BERLIN);
            List<Appointment> day = List.of(appointment(1, "08:00", "A"), appointment(2, "09:00", "B"));
            cache.saveDay(7, DAY, day, Instant.now());
            store.wipeBefore(DAY.plusDays(1), BERLIN);
            cache.saveDay(7, DAY, day, Instant.now());
            assertThat(cache.loadDay(7, DAY).orElseThrow().appointments()).containsExactlyElementsOf(day);

            // Moved to the next day by an event, then back by the next reload of this day.
            Appointment moved = appointment(2, "09:00", "B");
            Instant nextDay = moved.startsAt().plusSeconds(86_400);
            cache.saveAppointment(7, new Appointment(2, 7, "Anna Becker", "B", "123A456789", "0441 1234",
                    "Folgegespräch", Channel.VIDEO, nextDay, nextDay.plusSeconds(1800), AppointmentStatus.SCHEDULED,
                    null, null, null, null, null, null, null, false, nextDay));
            assertThat(cache.loadDay(7, DAY).orElseThrow().appointments()).containsExactly(day.get(0));
            cache.saveDay(7, DAY, day, Instant.now());
            assertThat(cache.loadDay(7, DAY).orElseThrow().appointments()).containsExactlyElementsOf(day);
        }
    }

    static Appointment appointment(long id, String time, String name) {
        Instant start = DAY.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant();
        return new Appointment(id, 7, "Anna Becker", name, "123A456789", "0441 1234", "Folgegespräch", Channel.VIDEO,
                start, start.plusSeconds(1800), AppointmentStatus.SCHEDULED, null, "http://x/j/t" + id, null, null,
                null, null, null, false, start);
    }

    static Appointment withStatus(Appointment a, AppointmentStatus status) {
        return new Appointment(a.id(), a.advisorId(), a.advisorName(), a.customerName(), a.customerNumber(),
                a.customerPhone(), a.topic(), a.channel(), a.startsAt(), a.endsAt(), status, null, a.joinUrl(),
                Instant.parse("2026-11-27T08:59:00Z"), null, null, null, null, false, a.updatedAt());
    }
}
