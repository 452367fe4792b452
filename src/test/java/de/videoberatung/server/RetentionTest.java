package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePush;
import de.videoberatung.api.PageSignal;
import de.videoberatung.api.StatusChange;
import de.videoberatung.testsupport.CustomerPage;
import de.videoberatung.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention job with a moved clock: one day before the period ends everything is still there, one day
 * after it what must go is gone (call records, contact data, join links, deleted notes' text), and what must
 * stay stays (the appointment, the customer's name and number, case notes until their own period).
 */
class RetentionTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path data;

    @Test
    void whatMustGoIsGoneAndWhatMustStayStays() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        LocalDate today = LocalDate.now(clock.withZone(BERLIN));
        ServerOptions options = ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0)).clock(clock)
                .retention(Duration.ofDays(90), Duration.ofDays(365)).build();
        Appointment video;
        String token;
        String keptNote = "Vermittlungsvorschlag Lagerlogistik besprochen";
        String deletedNote = "Versehentlich beim falschen Kunden notiert";
        try (ConsultationServer server = ConsultationServer.create(options).start()) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");
            video = advisor.appointments(today).stream()
                    .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED)
                    .filter(a -> a.customerPhone() != null).findFirst().orElseThrow();
            token = video.joinUrl().substring(video.joinUrl().lastIndexOf('/') + 1);
            // The consent text names this server's period.
            String joinPage = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(video.joinUrl()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(joinPage).contains("<span id=\"retention-days\">90</span> Tage nach dem Termin gelöscht")
                    .doesNotContain("__RETENTION_DAYS__");
            // The customer consents, checks the devices and waits: consent, device check, call log, status log.
            try (CustomerPage page = CustomerPage.open(video)) {
                page.next(PageSignal.Welcome.class);
            }
            HttpResponse<String> check = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri()
                    .resolve("api/v1/join/" + token + "/check")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"camera\":true,\"microphone\":true,\"speaker\":true,"
                            + "\"connection\":\"good\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(check.statusCode()).isEqualTo(204);
            advisor.changeStatus(video.id(), StatusChange.to(AppointmentStatus.CANCELLED));
            String kept = UUID.randomUUID().toString();
            String deleted = UUID.randomUUID().toString();
            advisor.pushNotes(new NotePush("device-test", List.of(
                    mutation(kept, video.id(), 0, keptNote, false),
                    mutation(deleted, video.id(), 0, deletedNote, false))));
            advisor.pushNotes(new NotePush("device-test", List.of(mutation(deleted, video.id(), 1, deletedNote, true))));

            // A day before the 90 days are up nothing has gone but the deleted note's text.
            clock.advance(Duration.between(clock.instant(), video.endsAt()).plusDays(89));
            server.retention().run();
            assertThat(count("call_log", video)).isPositive();
            assertThat(count("call_consent", video)).isPositive();
            assertThat(count("call_device_check", video)).isPositive();
            assertThat(count("appointment_status_log", video)).isPositive();
            assertThat(column("customer_phone", video)).isEqualTo(video.customerPhone());
            assertThat(column("join_token_hash", video)).isNotNull();
            assertThat(noteTexts()).contains(keptNote).doesNotContain(deletedNote);
            assertThat(auditCopies()).anyMatch(c -> c.contains(keptNote)).noneMatch(c -> c.contains(deletedNote));

            clock.advance(Duration.ofDays(2));
            server.retention().run();
            assertThat(count("call_log", video)).isZero();
            assertThat(count("call_consent", video)).isZero();
            assertThat(count("call_device_check", video)).isZero();
            assertThat(count("appointment_status_log", video)).isZero();
            assertThat(column("customer_phone", video)).isNull();
            assertThat(column("customer_check", video)).isNull();
            assertThat(column("join_token_hash", video)).isNull();
            assertThat(column("join_token_sealed", video)).isNull();
            // The appointment itself and whom it was with stay: the case notes belong to it.
            assertThat(column("customer_name", video)).isEqualTo(video.customerName());
            assertThat(column("customer_number", video)).isEqualTo(video.customerNumber());
            assertThat(noteTexts()).contains(keptNote);
            advisor.login("demo.berater", "demo"); // the session of 91 days ago has expired (and was deleted)
            assertThat(count("session", null)).isOne();
            assertThat(advisor.appointments(today)).filteredOn(a -> a.id() == video.id()).singleElement()
                    .satisfies(a -> {
                        assertThat(a.joinUrl()).isNull();
                        assertThat(a.customerPhone()).isNull();
                    });

            // Case notes go after their own period, with their audit trail.
            clock.advance(Duration.ofDays(365 - 90));
            server.retention().run();
            assertThat(noteTexts()).isEmpty();
            assertThat(auditCopies()).isEmpty();
        }
        // Nothing of it is left in the file either (SQLite reuses freed pages, but the WAL is checkpointed).
        String raw = Files.readString(data.resolve("server.db"), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(deletedNote);
    }

    @Test
    void theDefaultsKeepCallRecordsNinetyDaysAndNotesForever() {
        ServerOptions defaults = ServerConfig.parse(List.of("--data", data.toString(), "--public-url", "https://beratung.example.org/"));
        assertThat(defaults.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.notesRetention()).isNull();
        ServerOptions set = ServerConfig.parse(List.of("--retention-days", "30", "--retention-notes-days", "3650",
                "--public-url", "https://beratung.example.org/"));
        assertThat(set.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(set.notesRetention()).isEqualTo(Duration.ofDays(3650));
    }

    private static NoteMutation mutation(String noteId, long appointment, long base, String text, boolean delete) {
        return new NoteMutation(UUID.randomUUID().toString(), noteId, appointment, null, base,
                new NoteContent(text, "Anliegen", "Ergebnis", "Absprachen", null), false, delete, false, Instant.now());
    }

    private int count(String table, Appointment a) {
        return Integer.parseInt(query("SELECT COUNT(*) FROM " + table
                + (a == null ? "" : " WHERE appointment_id = " + a.id())).get(0));
    }

    private String column(String name, Appointment a) {
        return query("SELECT " + name + " FROM appointment WHERE id = " + a.id()).get(0);
    }

    private List<String> noteTexts() {
        return query("SELECT text FROM note");
    }

    private List<String> auditCopies() {
        return query("SELECT content FROM note_change WHERE content IS NOT NULL");
    }

    /** Reads the server's file on a second connection, as an administrator's SQL shell would. */
    private List<String> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("server.db"));
             var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
