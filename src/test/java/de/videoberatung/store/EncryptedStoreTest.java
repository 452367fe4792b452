package de.videoberatung.store;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NotePage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor's local file holds no readable personal data: a typed note's text, the customer's name, number
 * and phone are not in its bytes (nor its WAL), and a store from before encryption is migrated without losing
 * a note. This machine has no keyring, so the key is the documented fallback: a file readable by the user only.
 */
class EncryptedStoreTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String NOTE = "Kundin möchte Weiterbildung Pflegehilfe, Kinderbetreuung ab August klären";
    static final String NAME = "Schwanhilde Quastenberg";
    static final String NUMBER = "731K048815";
    static final String PHONE = "0441 9876543";

    @TempDir
    Path dir;

    @Test
    void theFileDoesNotContainATypedNoteNorTheCachedCustomer() throws Exception {
        try (LocalStore store = LocalStore.open(dir)) {
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            notes.save(new NoteTarget(UUID.randomUUID().toString(), 7, 42, NUMBER, Instant.now(), null),
                    new NoteContent(NOTE, "Weiterbildung", "Beratung begonnen", "Unterlagen schicken", null));
            new AppointmentCache(store, BERLIN).saveDay(7, LocalDate.now(BERLIN), List.of(appointment()),
                    Instant.now());

            // While the app runs: the database file and its write-ahead log.
            assertThat(rawBytes()).doesNotContain(NOTE).doesNotContain(NUMBER).doesNotContain(NAME)
                    .doesNotContain(PHONE).doesNotContain("Kinderbetreuung");
            assertThat(notes.forAppointment(7, 42)).singleElement()
                    .satisfies(n -> assertThat(n.content().text()).isEqualTo(NOTE));
            assertThat(notes.earlierOfCustomer(7, NUMBER, 99)).singleElement()
                    .satisfies(n -> assertThat(n.customerNumber()).isEqualTo(NUMBER));
            assertThat(new AppointmentCache(store, BERLIN).loadDay(7, LocalDate.now(BERLIN)).orElseThrow()
                    .appointments()).singleElement().satisfies(a -> assertThat(a.customerName()).isEqualTo(NAME));
            assertThat(store.keySource()).isEqualTo(StoreKey.Source.KEY_FILE);
        }
        assertThat(rawBytes()).doesNotContain(NOTE).doesNotContain(NAME);
        assertThat(Files.getPosixFilePermissions(dir.resolve(StoreKey.KEY_FILE)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        // Reopened with the same key, everything is there.
        try (LocalStore again = LocalStore.open(dir)) {
            assertThat(new LocalNotes(again, Clock.systemUTC()).forAppointment(7, 42)).singleElement()
                    .satisfies(n -> assertThat(n.content().text()).isEqualTo(NOTE));
        }
    }

    @Test
    void anOldUnencryptedStoreIsMigratedWithoutLosingANote() throws Exception {
        // A store as the previous version left it: schema V1-V2, everything in the clear.
        String url = "jdbc:sqlite:" + dir.resolve(LocalStore.FILE_NAME);
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/client").target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement note = c.prepareStatement("INSERT INTO local_note (id, user_id, appointment_id, "
                     + "customer_number, appointment_starts_at, text, concern, outcome, agreements, created_at, "
                     + "updated_at) VALUES ('n-alt', 7, 42, ?, 1, ?, 'Anliegen', 'Ergebnis', 'Absprachen', 1, 1)");
             PreparedStatement cached = c.prepareStatement("INSERT INTO cached_appointment (user_id, id, day, "
                     + "starts_at, json) VALUES (7, 42, '2026-01-05', 1, ?)")) {
            note.setString(1, NUMBER);
            note.setString(2, NOTE);
            note.executeUpdate();
            cached.setString(1, Json.mapper().writeValueAsString(appointment()));
            cached.executeUpdate();
        }
        assertThat(rawBytes()).contains(NOTE);

        try (LocalStore store = LocalStore.open(dir)) {
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            assertThat(notes.byId("n-alt")).hasValueSatisfying(n -> {
                assertThat(n.content().text()).isEqualTo(NOTE);
                assertThat(n.content().agreements()).isEqualTo("Absprachen");
                assertThat(n.customerNumber()).isEqualTo(NUMBER);
            });
            assertThat(notes.earlierOfCustomer(7, NUMBER, 99)).extracting(LocalNote::id).containsExactly("n-alt");
            assertThat(new AppointmentCache(store, BERLIN).loadDay(7, LocalDate.parse("2026-01-05")))
                    .isEmpty(); // no cached_day row: the cached appointment alone is not a day
            assertThat(rawBytes()).doesNotContain(NOTE).doesNotContain(NUMBER).doesNotContain(NAME);
        }
    }

    @Test
    void daysBeyondTheCacheWindowAreWipedButUnpushedNotesStay() {
        LocalDate today = LocalDate.now(BERLIN);
        Instant longAgo = today.minusDays(20).atTime(9, 0).atZone(BERLIN).toInstant();
        try (LocalStore store = LocalStore.open(dir)) {
            AppointmentCache cache = new AppointmentCache(store, BERLIN);
            cache.saveDay(7, today.minusDays(20), List.of(appointmentAt(41, longAgo)), Instant.now());
            cache.saveDay(7, today, List.of(appointment()), Instant.now());
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            notes.applyPulled(7, new NotePage(List.of(serverNote("n-synced", 41, longAgo)), 5,
                    false));
            notes.save(new NoteTarget("n-unpushed", 7, 41, NUMBER, longAgo, null),
                    new NoteContent("Noch nicht übertragen", "", "", "", null));
            notes.save(new NoteTarget("n-today", 7, 42, NUMBER, appointment().startsAt(), null),
                    new NoteContent("Heute", "", "", "", null));

            assertThat(store.wipeBefore(today.minusDays(14), BERLIN)).isPositive();

            assertThat(cache.loadDay(7, today.minusDays(20))).isEmpty();
            assertThat(cache.loadDay(7, today)).isPresent();
            assertThat(notes.byId("n-synced")).isEmpty();
            assertThat(notes.byId("n-unpushed")).isPresent();
            assertThat(notes.byId("n-today")).isPresent();
            assertThat(notes.outboxSize()).isEqualTo(2);
        }
    }

    private static NoteDto serverNote(String id, long appointment, Instant startsAt) {
        return new NoteDto(id, appointment, NUMBER, startsAt, null, 1, 5,
                new NoteContent("Alte Notiz", "", "", "", null), false, null, false, List.of(), startsAt, startsAt);
    }

    private String rawBytes() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String suffix : List.of("", "-wal", "-journal")) {
            Path f = dir.resolve(LocalStore.FILE_NAME + suffix);
            if (Files.exists(f)) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static Appointment appointment() {
        return appointmentAt(42, LocalDate.now(BERLIN).atTime(10, 0).atZone(BERLIN).toInstant());
    }

    private static Appointment appointmentAt(long id, Instant start) {
        return new Appointment(id, 7, "Anna Becker", NAME, NUMBER, PHONE, "Weiterbildung", Channel.VIDEO, start,
                start.plusSeconds(1800), AppointmentStatus.SCHEDULED, null, null, null, null, null, null, null,
                false, start);
    }
}
