package de.videoberatung.server;

import de.videoberatung.api.DayZone;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.CustomerPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.Json;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.Channel;
import de.videoberatung.api.FieldError;
import de.videoberatung.api.StatusChange;
import de.videoberatung.api.UserInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating, rescheduling, editing and cancelling appointments over the real server (no demo data: two teams
 * made through the stores), with the rules, the overlap check and who may do what.
 */
class AppointmentsApiTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final HttpClient RAW = HttpClient.newHttpClient();
    /** Each test books its own day far ahead, so tests never overlap each other. */
    static final AtomicInteger DAYS = new AtomicInteger(30);

    @TempDir
    static Path data;
    static StaffServer staff;
    static ConsultationServer server;
    static ApiClient anna;
    static ApiClient ben;
    static ApiClient lead;
    static ApiClient otherLead;
    static long annaId;
    static long benId;

    @BeforeAll
    static void startServerWithTwoTeams() throws ApiException {
        staff = new StaffServer(data, Clock.systemUTC());
        server = staff.server;
        annaId = staff.annaId;
        benId = staff.benId;
        anna = staff.signIn("anna");
        ben = staff.signIn("ben");
        lead = staff.signIn("tl.nord");
        otherLead = staff.signIn("tl.sued");
    }

    @AfterAll
    static void stopServer() {
        staff.close();
    }

    /** A valid video appointment on a day of its own, {@code hour}:00 for 30 minutes. */
    static AppointmentDraft draft(LocalDate day, int hour) {
        Instant start = day.atTime(hour, 0).atZone(BERLIN).toInstant();
        return new AppointmentDraft(null, "Olga Wolff", "123A456789", "olga.wolf@example.org", "+49 151 2345678",
                "tr", "Folgegespräch Bewerbung", Channel.VIDEO, start, start.plus(Duration.ofMinutes(30)), null,
                null);
    }

    static LocalDate freshDay() {
        return LocalDate.now(BERLIN).plusDays(DAYS.incrementAndGet());
    }

    @Test
    void advisorCreatesAVideoAppointmentWithAJoinLink() throws Exception {
        LocalDate day = freshDay();
        Appointment created = anna.createAppointment(draft(day, 9));
        assertThat(created.advisorId()).isEqualTo(annaId);
        assertThat(created.status()).isEqualTo(AppointmentStatus.SCHEDULED);
        assertThat(created.customerEmail()).isEqualTo("olga.wolf@example.org");
        assertThat(created.customerPhone()).isEqualTo("+491512345678");
        assertThat(created.customerLanguage()).isEqualTo("tr");
        assertThat(created.joinUrl()).matches(".*/j/[A-Za-z0-9_-]{43}");
        assertThat(anna.appointments(day)).extracting(Appointment::id).containsExactly(created.id());
        assertThat(ben.appointments(day)).isEmpty();
    }

    @Test
    void createAnswers201AndAnUnknownBodyFieldIs400() throws Exception {
        HttpResponse<String> response = raw(anna, "POST", "api/v1/appointments",
                json(draft(freshDay(), 9)));
        assertThat(response.statusCode()).isEqualTo(201);
        HttpResponse<String> malformed = raw(anna, "POST", "api/v1/appointments", "{\"startsAt\": \"gestern\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"error\"").contains("\"message\"");
    }

    @Test
    void invalidFieldsAreEachNamedIn400() {
        LocalDate day = freshDay();
        AppointmentDraft good = draft(day, 9);
        AppointmentDraft bad = new AppointmentDraft(null, " ", "12345", "olga@", "12", "türkisch", "Thema",
                Channel.VIDEO, good.startsAt(), good.startsAt().minusSeconds(60), null, null);
        assertThatThrownBy(() -> anna.createAppointment(bad)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INVALID_FIELDS");
            assertThat(e.fieldErrors()).containsExactlyInAnyOrder(
                    new FieldError("customerName", "REQUIRED"),
                    new FieldError("customerNumber", "INVALID_CUSTOMER_NUMBER"),
                    new FieldError("customerEmail", "INVALID_EMAIL"),
                    new FieldError("customerPhone", "INVALID_PHONE"),
                    new FieldError("customerLanguage", "INVALID_LANGUAGE"),
                    new FieldError("endsAt", "END_NOT_AFTER_START"));
        });
        AppointmentDraft tooLong = new AppointmentDraft(null, "Olga Wolff", "123a 456789", null, null, null,
                "Thema", Channel.PHONE, good.startsAt(), good.startsAt().plus(Duration.ofHours(9)), null, null);
        assertThatThrownBy(() -> anna.createAppointment(tooLong)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.fieldErrors()).containsExactlyInAnyOrder(
                        new FieldError("customerPhone", "PHONE_REQUIRED"),
                        new FieldError("endsAt", "LENGTH_OUT_OF_RANGE")));
        AppointmentDraft noContact = new AppointmentDraft(null, "Olga Wolff", "123A456789", null, null, null,
                "Thema", Channel.VIDEO, good.startsAt(), good.endsAt(), null, null);
        assertThatThrownBy(() -> anna.createAppointment(noContact)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.fieldErrors()).containsExactly(new FieldError("customerEmail", "CONTACT_REQUIRED")));
    }

    @Test
    void overlapIsRefusedWithTheClashingTimeUnlessAllowed() throws Exception {
        LocalDate day = freshDay();
        Appointment first = anna.createAppointment(draft(day, 10));
        Instant start = first.startsAt().plus(Duration.ofMinutes(15));
        AppointmentDraft later = new AppointmentDraft(null, "Paul Neu", "987Z654321", "paul@example.org", null, null,
                "Erstgespräch", Channel.VIDEO, start, start.plus(Duration.ofMinutes(30)), null, null);
        assertThatThrownBy(() -> anna.createAppointment(later)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("OVERLAP");
            assertThat(e.getMessage()).contains("10:00").contains("10:30").doesNotContain("Olga");
            assertThat(e.conflict().startsAt()).isEqualTo(first.startsAt());
            assertThat(e.conflict().endsAt()).isEqualTo(first.endsAt());
        });
        Appointment allowed = anna.createAppointment(later.withAllowOverlap(true));
        assertThat(allowed.startsAt()).isEqualTo(start);
        // Another advisor is free then; a cancelled appointment blocks nothing.
        assertThat(ben.createAppointment(later).advisorId()).isEqualTo(benId);
        anna.changeStatus(first.id(), StatusChange.cancel(CancelReason.CUSTOMER_REQUEST));
        anna.changeStatus(allowed.id(), StatusChange.to(AppointmentStatus.CANCELLED));
        assertThat(anna.createAppointment(draft(day, 10)).status()).isEqualTo(AppointmentStatus.SCHEDULED);
    }

    @Test
    void rescheduleKeepsTheLinkValidForTheNewWindowOnly() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        AppointmentDraft soon = new AppointmentDraft(null, "Olga Wolff", "123A456789", "olga@example.org", null, null,
                "Beratung", Channel.VIDEO, now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(35)), null,
                true);
        Appointment a = anna.createAppointment(soon);
        Instant tomorrow = now.plus(Duration.ofDays(1));
        Appointment moved = anna.updateAppointment(a.id(), new AppointmentDraft(null, null, null, null, null, null,
                null, null, tomorrow, tomorrow.plus(Duration.ofMinutes(30)), null, true));
        assertThat(moved.joinUrl()).isEqualTo(a.joinUrl());
        assertThat(moved.startsAt()).isEqualTo(tomorrow);
        assertThat(moved.customerName()).isEqualTo("Olga Wolff");
        // The old window is gone: the link opens only shortly before the new start.
        assertThat(join(moved).statusCode()).isEqualTo(403);
        assertThat(join(moved).body()).contains("LINK_NOT_YET_VALID");

        Appointment later = anna.createAppointment(new AppointmentDraft(null, "Paul Neu", "987Z654321",
                "paul@example.org", null, null, "Beratung", Channel.VIDEO, tomorrow.plus(Duration.ofHours(2)),
                tomorrow.plus(Duration.ofHours(3)), null, true));
        assertThat(join(later).statusCode()).isEqualTo(403);
        Appointment now5 = anna.updateAppointment(later.id(), new AppointmentDraft(null, null, null, null, null,
                null, null, null, now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(35)), null, true));
        assertThat(join(now5).statusCode()).isEqualTo(200);
        // A customer in the waiting room is not moved any more.
        try (CustomerPage page = CustomerPage.open(now5, server.baseUri())) {
            LocalDate day = LocalDate.ofInstant(now5.startsAt(), DayZone.DEFAULT);
            Poll.until("the customer waiting", Duration.ofSeconds(10), () -> {
                try {
                    return anna.appointments(day).stream().anyMatch(x -> x.id() == now5.id()
                            && x.status() == AppointmentStatus.CUSTOMER_WAITING);
                } catch (ApiException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> anna.updateAppointment(later.id(), new AppointmentDraft(null, null, null, null,
                    null, null, "Neues Thema", null, null, null, null, null)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("NOT_EDITABLE"));
        }
    }

    @Test
    void editChangesOnlyTheGivenFieldsAndAnEmptyTextClearsOne() throws Exception {
        Appointment a = anna.createAppointment(draft(freshDay(), 9));
        Appointment edited = anna.updateAppointment(a.id(), new AppointmentDraft(null, null, null,
                "neu@example.org", "", "", "Neues Thema", null, null, null, null, null));
        assertThat(edited.customerEmail()).isEqualTo("neu@example.org");
        assertThat(edited.customerPhone()).isNull();
        assertThat(edited.customerLanguage()).isNull();
        assertThat(edited.topic()).isEqualTo("Neues Thema");
        assertThat(edited.startsAt()).isEqualTo(a.startsAt());
        assertThat(edited.customerNumber()).isEqualTo(a.customerNumber());
    }

    @Test
    void cancelGoesThroughTheStateMachineWithItsReason() throws Exception {
        Appointment a = anna.createAppointment(draft(freshDay(), 9));
        Appointment cancelled = anna.changeStatus(a.id(), StatusChange.cancel(CancelReason.ADVISOR_UNAVAILABLE));
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cancelled.cancelReason()).isEqualTo(CancelReason.ADVISOR_UNAVAILABLE);
        assertThatThrownBy(() -> anna.changeStatus(a.id(), StatusChange.to(AppointmentStatus.CANCELLED)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> anna.updateAppointment(a.id(), new AppointmentDraft(null, null, null, null, null,
                null, "Thema", null, null, null, null, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("NOT_EDITABLE"));
    }

    @Test
    void teamLeadCreatesAndCancelsForTheTeamButSeesOnlyTheTeamView() throws Exception {
        assertThat(lead.teamAdvisors()).extracting(UserInfo::displayName).containsExactly("Anna Becker", "Ben Kurz");
        LocalDate day = freshDay();
        Appointment made = lead.createAppointment(draft(day, 11).withAdvisor(benId));
        assertThat(made.advisorId()).isEqualTo(benId);
        assertThat(made.topic()).isNull();
        assertThat(made.joinUrl()).isNull();
        assertThat(made.customerEmail()).isNull();
        Appointment own = ben.appointments(day).get(0);
        assertThat(own.topic()).isEqualTo("Folgegespräch Bewerbung");
        assertThat(own.joinUrl()).isNotNull();
        Appointment cancelled = lead.changeStatus(made.id(), StatusChange.to(AppointmentStatus.CANCELLED));
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
        assertThat(cancelled.topic()).as("the cancellation's answer is the team view too").isNull();
        assertThat(cancelled.joinUrl()).isNull();
        assertThat(cancelled.customerPhone()).isNull();
    }

    @Test
    void wrongRolesAndStrangersAreRefused() throws Exception {
        LocalDate day = freshDay();
        // An advisor books for nobody else, a team lead for no other team: 403.
        assertThatThrownBy(() -> anna.createAppointment(draft(day, 9).withAdvisor(benId)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> otherLead.createAppointment(draft(day, 9).withAdvisor(annaId)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> anna.teamAdvisors())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(raw(anna, "POST", "api/v1/appointments/import?advisorId=" + benId, "x", "text/csv")
                .statusCode()).isEqualTo(403);
        assertThat(raw(otherLead, "POST", "api/v1/appointments/import?advisorId=" + annaId, "x", "text/csv")
                .statusCode()).isEqualTo(403);
        // A team lead has no appointments of their own: the advisor is required.
        assertThatThrownBy(() -> lead.createAppointment(draft(day, 9)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.fieldErrors())
                        .containsExactly(new FieldError("advisorId", "REQUIRED")));
        // Another advisor's appointment looks missing, to edits and cancellations alike.
        Appointment annas = anna.createAppointment(draft(day, 9));
        assertThatThrownBy(() -> ben.updateAppointment(annas.id(), draft(day, 12)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> otherLead.changeStatus(annas.id(), StatusChange.to(AppointmentStatus.CANCELLED)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        // Without a session: 401.
        assertThat(raw(null, "POST", "api/v1/appointments", json(draft(day, 13))).statusCode()).isEqualTo(401);
        assertThat(raw(null, "PATCH", "api/v1/appointments/" + annas.id(), "{}").statusCode()).isEqualTo(401);
        assertThat(raw(null, "POST", "api/v1/appointments/import", "x", "text/csv").statusCode()).isEqualTo(401);
        assertThat(anna.appointments(day)).hasSize(1);
    }

    @Test
    void sameExternalIdAgainUpdatesInsteadOfDuplicating() throws Exception {
        LocalDate day = freshDay();
        AppointmentDraft d = draft(day, 14).withExternalId("termin-4711");
        HttpResponse<String> first = raw(anna, "POST", "api/v1/appointments", json(d));
        assertThat(first.statusCode()).isEqualTo(201);
        AppointmentDraft moved = draft(day, 15).withExternalId("termin-4711");
        HttpResponse<String> second = raw(anna, "POST", "api/v1/appointments", json(moved));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(anna.appointments(day)).singleElement()
                .satisfies(a -> assertThat(a.startsAt()).isEqualTo(moved.startsAt()));
    }

    static HttpResponse<String> join(Appointment a) throws Exception {
        // The link is made from the public URL; the same path is asked of the server where it listens.
        String token = a.joinUrl().substring(a.joinUrl().lastIndexOf("/j/") + 3);
        return RAW.send(HttpRequest.newBuilder(server.baseUri().resolve("api/v1/join/" + token))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String json(Object body) throws Exception {
        return Json.mapper().writeValueAsString(body);
    }

    static HttpResponse<String> raw(ApiClient client, String method, String path, String body) throws Exception {
        return raw(client, method, path, body, "application/json");
    }

    static HttpResponse<String> raw(ApiClient client, String method, String path, String body, String type)
            throws Exception {
        return staff.raw(client, method, path, body.getBytes(StandardCharsets.UTF_8), type);
    }
}
