package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.ImportResult;
import de.videoberatung.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing a real-world-like Outlook export (two VTIMEZONEs and UTC, a weekly series across the change to summer
 * time with an excluded and a moved occurrence, an all-day entry, a cancelled one, one without customer number)
 * and a German Excel CSV (windows-1252, quoted fields, rows with errors) over the real server.
 */
class AppointmentImportTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** The files plan March 2027; the server lives on the morning of 1 March. */
    static final Instant NOW = Instant.parse("2027-03-01T07:00:00Z");

    @TempDir
    Path data;
    StaffServer staff;
    ApiClient anna;

    @BeforeEach
    void start() throws ApiException {
        staff = new StaffServer(data, Clock.fixed(NOW, ZoneOffset.UTC));
        anna = staff.signIn("anna");
    }

    @AfterEach
    void stop() {
        staff.close();
    }

    @Test
    void outlookExportIsAllOrNothingAndSaysWhatEachEntryBecomes() throws Exception {
        byte[] ics = resource("outlook-export.ics");
        ImportResult strict = anna.importAppointments(ics, "text/calendar", null, false);
        assertThat(strict.applied()).isFalse();
        assertThat(strict.created()).isZero();
        assertThat(strict.rejected()).extracting(ImportResult.Rejected::where, ImportResult.Rejected::code)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("UID allday-5@outlook.example", "ALL_DAY"),
                        Tuple.tuple("UID broken-7@outlook.example", "REQUIRED"));
        assertThat(march()).isEmpty();

        ImportResult partial = anna.importAppointments(ics, "text/calendar", null, true);
        assertThat(partial.applied()).isTrue();
        // Three single entries and four occurrences of the series (five weekly, one excluded).
        assertThat(partial.created()).isEqualTo(7);
        assertThat(partial.updated()).isZero();
        assertThat(partial.rejected()).hasSize(2);

        List<Appointment> all = march();
        assertThat(all).extracting(a -> LocalDateTime.ofInstant(a.startsAt(), BERLIN).toString())
                .containsExactly("2027-03-02T09:00", "2027-03-02T11:00", "2027-03-03T14:00", "2027-03-04T10:00",
                        "2027-03-11T10:00", "2027-03-25T14:00", "2027-04-01T10:00");
        Appointment olga = all.get(0);
        assertThat(olga.customerName()).isEqualTo("Olga Wolff");
        assertThat(olga.customerNumber()).isEqualTo("123A456789");
        assertThat(olga.customerEmail()).isEqualTo("olga.wolf@example.org");
        assertThat(olga.customerLanguage()).isEqualTo("tr");
        assertThat(olga.topic()).isEqualTo("Folgegespräch Bewerbung");
        assertThat(olga.channel()).isEqualTo(Channel.VIDEO);
        assertThat(olga.joinUrl()).isNotNull();
        // GTB Standard Time (UTC+2 in March): 12:00 there is 11:00 here; name and address from the attendee.
        Appointment paul = all.get(1);
        assertThat(paul.customerName()).isEqualTo("Paul Neu");
        assertThat(paul.customerEmail()).isEqualTo("paul.neu@example.org");
        assertThat(paul.customerNumber()).isEqualTo("987Z654321");
        assertThat(paul.topic()).isEqualTo("Erstgespräch");
        Appointment zoe = all.get(2);
        assertThat(zoe.channel()).isEqualTo(Channel.PHONE);
        assertThat(zoe.customerPhone()).isEqualTo("01512345678");
        assertThat(all.get(5).topic()).isEqualTo("Coaching Bewerbungstraining (verschoben)");
        assertThat(all.get(6).endsAt()).isEqualTo(Instant.parse("2027-04-01T08:45:00Z"));

        ImportResult again = anna.importAppointments(ics, "text/calendar", null, true);
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
        assertThat(march()).hasSize(7);
    }

    @Test
    void aLaterExportCancelsAndMovesWhatTheFirstOneMade() throws Exception {
        String ics = new String(resource("outlook-export.ics"), StandardCharsets.UTF_8);
        anna.importAppointments(ics.getBytes(StandardCharsets.UTF_8), "text/calendar", null, true);
        String later = ics.replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
                .replace("DTSTART:20270303T130000Z\r\nDTEND:20270303T133000Z",
                        "DTSTART:20270303T150000Z\r\nDTEND:20270303T153000Z");
        ImportResult result = anna.importAppointments(later.getBytes(StandardCharsets.UTF_8), "text/calendar",
                null, true);
        assertThat(result.created()).isZero();
        assertThat(result.updated()).isEqualTo(2);
        List<Appointment> all = march();
        assertThat(all.get(0).status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(all).filteredOn(a -> a.customerName().equals("Zoë Weiß")).singleElement()
                .satisfies(a -> assertThat(a.startsAt()).isEqualTo(Instant.parse("2027-03-03T15:00:00Z")));
    }

    @Test
    void excelCsvInWindows1252ReportsEachBadRowAndImportsNothingHalf() throws Exception {
        byte[] csv = resource("termine-excel.csv");
        ImportResult strict = anna.importAppointments(csv, "text/csv", null, false);
        assertThat(strict.applied()).isFalse();
        assertThat(strict.rejected()).extracting(ImportResult.Rejected::where, ImportResult.Rejected::code)
                .containsExactly(
                        Tuple.tuple("Zeile 4", "INVALID_CUSTOMER_NUMBER"),
                        Tuple.tuple("Zeile 5", "INVALID_DATE"),
                        Tuple.tuple("Zeile 8", "INVALID_EMAIL"));
        assertThat(march()).isEmpty();

        ImportResult partial = anna.importAppointments(csv, "text/csv", null, true);
        assertThat(partial.created()).isEqualTo(3);
        assertThat(partial.rejected()).hasSize(3);
        List<Appointment> all = march();
        assertThat(all).extracting(Appointment::customerName)
                .containsExactly("Jürgen Müller", "Zoë Weiß", "Weiß, Änne");
        assertThat(all.get(0).topic()).isEqualTo("Bewerbung; Unterlagen prüfen");
        assertThat(all.get(1).customerLanguage()).isEqualTo("tr");
        assertThat(all.get(1).channel()).isEqualTo(Channel.PHONE);
        assertThat(all.get(2).topic()).isEqualTo("Erstgespräch mit Dolmetscher");
        assertThat(all.get(2).channel()).isEqualTo(Channel.ON_SITE);
        assertThat(all.get(2).plannedDuration().toMinutes()).isEqualTo(60);

        // The same rows saved as UTF-8 with a byte order mark are the same appointments.
        String text = new String(csv, Charset.forName("windows-1252"));
        byte[] utf8 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        ImportResult again = anna.importAppointments(utf8, "text/csv", null, true);
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isZero();
    }

    @Test
    void unreadableFilesAndOtherTypesAreRefusedClearly() throws Exception {
        HttpResponse<String> notCalendar = staff.raw(anna, "POST", "api/v1/appointments/import",
                "kein Kalender".getBytes(StandardCharsets.UTF_8), "text/calendar");
        assertThat(notCalendar.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(notCalendar.body()).get("error").asText()).isEqualTo("INVALID_CALENDAR");
        HttpResponse<String> pdf = staff.raw(anna, "POST", "api/v1/appointments/import", new byte[] {1, 2},
                "application/pdf");
        assertThat(pdf.statusCode()).isEqualTo(415);
        ImportResult noColumns = anna.importAppointments("Name;Datum\r\nA;01.03.2027\r\n"
                .getBytes(StandardCharsets.UTF_8), "text/csv", null, true);
        assertThat(noColumns.rejected()).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo("MISSING_COLUMN"));
    }

    /** Found by EndpointFuzzTest: an unknown zone answered 500, a series every second kept a core busy for minutes. */
    @Test
    void anUnknownZoneAndASeriesEverySecondAreRejectedEntriesNotFailures() throws Exception {
        String calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\n"
                + "BEGIN:VEVENT\r\nUID:mars\r\nDTSTART;TZID=Mars/Olympus:20270302T100000\r\n"
                + "DTEND;TZID=Mars/Olympus:20270302T103000\r\nSUMMARY:Beratung 123A456789\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nUID:jede-sekunde\r\nDTSTART:20270302T100000Z\r\nDTEND:20270302T103000Z\r\n"
                + "RRULE:FREQ=SECONDLY;COUNT=999999999\r\nSUMMARY:Beratung 123A456789\r\nEND:VEVENT\r\n"
                + "END:VCALENDAR\r\n";
        long began = System.nanoTime();
        ImportResult result = anna.importAppointments(calendar.getBytes(StandardCharsets.UTF_8), "text/calendar",
                null, true);
        assertThat(result.created()).isZero();
        assertThat(result.rejected()).extracting(ImportResult.Rejected::where, ImportResult.Rejected::code)
                .containsExactlyInAnyOrder(Tuple.tuple("UID mars", "INVALID_DATE"),
                        Tuple.tuple("UID jede-sekunde", "TOO_MANY_OCCURRENCES"));
        // Generous for a loaded machine; expanding the series first took minutes.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    }

    List<Appointment> march() throws ApiException {
        List<Appointment> all = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2027, 3, 1); d.isBefore(LocalDate.of(2027, 4, 3)); d = d.plusDays(1)) {
            all.addAll(anna.appointments(d));
        }
        return all;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = AppointmentImportTest.class.getResourceAsStream("/import/" + name)) {
            return in.readAllBytes();
        }
    }
}
