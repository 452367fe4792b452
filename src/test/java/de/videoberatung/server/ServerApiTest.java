package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.PageSignal;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.api.StatusChange;
import de.videoberatung.testsupport.CustomerPage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP and WebSocket contract, against a real demo server on an ephemeral loopback port. */
class ServerApiTest {

    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient advisor;
    static final HttpClient RAW = HttpClient.newHttpClient();
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    @BeforeAll
    static void startServer() throws ApiException {
        // Seeded as if it were 07:00: the whole demo day still lies ahead.
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true)
                .demoTime(LocalTime.of(7, 0)).build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void healthAnswersUpWithoutLogin() throws Exception {
        assertThat(new ApiClient(server.baseUri()).health().status()).isEqualTo("UP");
    }

    @Test
    void loginAnswersTokenAndUser() throws Exception {
        SessionResponse session = new ApiClient(server.baseUri()).login("demo.teamleitung", "demo");
        assertThat(session.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(session.user().role()).isEqualTo(Role.TEAM_LEAD);
        assertThat(session.user().displayName()).isNotBlank();
    }

    @Test
    void wrongPasswordIsRefusedWith401() {
        assertThatThrownBy(() -> new ApiClient(server.baseUri()).login("demo.berater", "falsch"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("BAD_CREDENTIALS");
                });
    }

    @Test
    void accountWithoutPasswordCannotLogIn() {
        assertThatThrownBy(() -> new ApiClient(server.baseUri()).login("j.hoffmann", ""))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() throws Exception {
        ApiClient client = new ApiClient(server.baseUri());
        String token = client.login("demo.berater", "demo").token();
        assertThat(raw("GET", "api/v1/appointments?date=" + TODAY, null, token).statusCode()).isEqualTo(200);
        client.logout();
        assertThat(client.hasSession()).isFalse();
        assertThat(raw("GET", "api/v1/appointments?date=" + TODAY, null, token).statusCode()).isEqualTo(401);
    }

    @Test
    void missingOrUnknownTokenIsRefusedWith401() throws Exception {
        HttpResponse<String> none = raw("GET", "api/v1/appointments?date=" + TODAY, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none)).isEqualTo("UNAUTHORIZED");
        HttpResponse<String> wrong = raw("GET", "api/v1/appointments?date=" + TODAY, null, "erfunden");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void dayListsTheCallersAppointmentsSortedByStart() throws Exception {
        List<Appointment> day = advisor.appointments(TODAY);
        assertThat(day).hasSizeGreaterThanOrEqualTo(10);
        assertThat(day).extracting(Appointment::startsAt).isSorted();
        assertThat(day).extracting(Appointment::advisorName).containsOnly("Anna Becker");
        assertThat(day).extracting(Appointment::channel).contains(Channel.VIDEO, Channel.PHONE, Channel.ON_SITE);
        assertThat(day).filteredOn(a -> a.channel() == Channel.VIDEO)
                .allSatisfy(a -> assertThat(a.joinUrl()).matches(".*/j/[A-Za-z0-9_-]{43}"));
        assertThat(day).filteredOn(a -> a.channel() != Channel.VIDEO)
                .allSatisfy(a -> assertThat(a.joinUrl()).isNull());
        assertThat(advisor.appointments(TODAY.plusDays(1))).isEmpty();
    }

    @Test
    void legalTransitionsAreAppliedAndForbiddenOnesGet409() throws Exception {
        List<Appointment> open = scheduled(3);
        Appointment noShow = advisor.changeStatus(open.get(0).id(),
                new StatusChange(AppointmentStatus.NO_SHOW, NoShowReason.CUSTOMER_TECHNICAL));
        assertThat(noShow.status()).isEqualTo(AppointmentStatus.NO_SHOW);
        assertThat(noShow.noShowReason()).isEqualTo(NoShowReason.CUSTOMER_TECHNICAL);

        Appointment cancelled = advisor.changeStatus(open.get(1).id(), StatusChange.to(AppointmentStatus.CANCELLED));
        assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);

        Appointment inCall = advisor.changeStatus(open.get(2).id(), StatusChange.to(AppointmentStatus.IN_CALL));
        assertThat(inCall.callStartedAt()).isNotNull();
        Appointment done = advisor.changeStatus(open.get(2).id(), StatusChange.to(AppointmentStatus.COMPLETED));
        assertThat(done.status()).isEqualTo(AppointmentStatus.COMPLETED);
        assertThat(done.durationSeconds()).isNotNull().isGreaterThanOrEqualTo(0);

        assertThatThrownBy(() -> advisor.changeStatus(open.get(1).id(), StatusChange.to(AppointmentStatus.SCHEDULED)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("INVALID_TRANSITION");
                });
    }

    @Test
    void noShowWithoutReasonIsRefused() throws Exception {
        Appointment a = scheduled(1).get(0);
        assertThatThrownBy(() -> advisor.changeStatus(a.id(), StatusChange.to(AppointmentStatus.NO_SHOW)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("REASON_REQUIRED"));
    }

    @Test
    void anotherAdvisorsOrAnUnknownAppointmentIsNotFound() throws Exception {
        ApiClient lead = new ApiClient(server.baseUri());
        lead.login("demo.teamleitung", "demo");
        Appointment colleagues = lead.teamAppointments(TODAY).stream()
                .filter(a -> !a.advisorName().equals("Anna Becker")).findFirst().orElseThrow();
        assertThatThrownBy(() -> advisor.changeStatus(colleagues.id(), StatusChange.to(AppointmentStatus.CANCELLED)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> advisor.changeStatus(999_999, StatusChange.to(AppointmentStatus.CANCELLED)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        HttpResponse<String> notNumeric = raw("POST", "api/v1/appointments/abc/status",
                "{\"status\":\"CANCELLED\"}", token());
        assertThat(notNumeric.statusCode()).isEqualTo(404);
    }

    @Test
    void teamListIsForTeamLeadsOnly() throws Exception {
        assertThatThrownBy(() -> advisor.teamAppointments(TODAY))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        ApiClient lead = new ApiClient(server.baseUri());
        lead.login("demo.teamleitung", "demo");
        List<Appointment> team = lead.teamAppointments(TODAY);
        assertThat(team).extracting(Appointment::advisorName).contains("Anna Becker", "Jonas Hoffmann");
        assertThat(team).allSatisfy(a -> assertThat(a.joinUrl()).isNull());
    }

    @Test
    void theCustomersPageMarksTheAppointmentWaitingAndPushesAnEvent() throws Exception {
        Appointment video = scheduledVideo();
        BlockingQueue<ServerEvent> received = new LinkedBlockingQueue<>();
        WebSocket ws = advisor.openEvents(received::add, e -> { });
        try (CustomerPage page = CustomerPage.open(video)) {
            assertThat(received.poll(5, TimeUnit.SECONDS)).isInstanceOf(ServerEvent.Hello.class);
            assertThat(page.next(PageSignal.Welcome.class).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
            HttpResponse<String> state = raw("GET", "api/v1/join/" + token(video), null, null);
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(state.body()).doesNotContain(video.customerName()).doesNotContain(video.customerNumber());

            ServerEvent event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).isInstanceOfSatisfying(ServerEvent.AppointmentChanged.class, changed -> {
                assertThat(changed.appointment().id()).isEqualTo(video.id());
                assertThat(changed.appointment().status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
                assertThat(changed.appointment().waitingSince()).isNotNull();
            });
            // The same page on a new socket changes nothing.
            page.reconnect();
            assertThat(page.next(PageSignal.Welcome.class).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void theOldJoinPostThatMarkedWaitingWithoutConsentIsGone() throws Exception {
        Appointment video = scheduledVideo();
        HttpResponse<String> post = raw("POST", "api/v1/join/" + token(video), "", null);
        assertThat(post.statusCode()).isIn(404, 405);
        assertThat(error(post)).isNotBlank();
        assertThat(advisor.appointments(TODAY).stream().filter(a -> a.id() == video.id()).findFirst().orElseThrow()
                .status()).isEqualTo(AppointmentStatus.SCHEDULED);
    }

    @Test
    void unknownTokenIs404AndClosedAppointmentIs410() throws Exception {
        HttpResponse<String> unknown = raw("GET", "api/v1/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown)).isEqualTo("UNKNOWN_LINK");

        Appointment video = scheduledVideo();
        advisor.changeStatus(video.id(), StatusChange.to(AppointmentStatus.CANCELLED));
        HttpResponse<String> closed = raw("GET", "api/v1/join/" + token(video), null, null);
        assertThat(closed.statusCode()).isEqualTo(410);
        assertThat(error(closed)).isEqualTo("LINK_EXPIRED");
    }

    @Test
    void linkOutsideItsTimeWindowIsRefused(@TempDir Path otherData) throws Exception {
        // Seed a demo day, then serve the same data as a normal server: its links are valid only from
        // 15 minutes before the start to 30 minutes after the end.
        ConsultationServer.create(ServerOptions.builder(otherData).demo(true).demoTime(LocalTime.of(7, 0)).build())
                .close();
        HttpResponse<String> early = joinFirstVideoLinkAt(otherData, TODAY.atTime(6, 0));
        assertThat(early.statusCode()).isEqualTo(403);
        assertThat(error(early)).isEqualTo("LINK_NOT_YET_VALID");
        HttpResponse<String> late = joinFirstVideoLinkAt(otherData, TODAY.plusDays(1).atTime(9, 0));
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(error(late)).isEqualTo("LINK_EXPIRED");
    }

    /** Serves {@code data} with the clock standing at {@code when} (Berlin) and opens the day's first video link. */
    private static HttpResponse<String> joinFirstVideoLinkAt(Path data, LocalDateTime when)
            throws Exception {
        ServerOptions options = ServerOptions.builder(data).publicUrl(URI.create("https://beratung.example.test/"))
                .clock(Clock.fixed(when.atZone(ZoneId.of("Europe/Berlin")).toInstant(), ZoneId.of("UTC")))
                .build();
        try (ConsultationServer strict = ConsultationServer.create(options).start()) {
            ApiClient client = new ApiClient(strict.baseUri());
            client.login("demo.berater", "demo");
            Appointment first = client.appointments(TODAY).stream()
                    .filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
            return RAW.send(HttpRequest.newBuilder(strict.baseUri().resolve("api/v1/join/" + token(first)))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void malformedBodiesGet400InTheErrorShape() throws Exception {
        long id = scheduled(1).get(0).id();
        String path = "api/v1/appointments/" + id + "/status";
        assertBadRequest(raw("POST", path, "{\"status\":", token()), "MALFORMED_JSON");
        assertBadRequest(raw("POST", path, "{\"status\":\"VERSCHOBEN\"}", token()), "INVALID_BODY");
        assertBadRequest(raw("POST", path, "{}", token()), "INVALID_BODY");
        assertBadRequest(raw("POST", path, "", token()), "INVALID_BODY");
        assertBadRequest(raw("POST", path, "[1,2,3]", token()), "INVALID_BODY");
        assertBadRequest(raw("POST", "api/v1/session", "kein json", null), "MALFORMED_JSON");
        assertBadRequest(raw("GET", "api/v1/appointments?date=gestern", null, token()), "INVALID_DATE");
        assertBadRequest(raw("GET", "api/v1/appointments", null, token()), "INVALID_DATE");
    }

    @Test
    void oversizedBodyIsRefusedWith413() throws Exception {
        String huge = "{\"username\":\"" + "x".repeat(2_000_000) + "\",\"password\":\"demo\"}";
        HttpResponse<String> response = raw("POST", "api/v1/session", huge, null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).isEqualTo("BODY_TOO_LARGE");
    }

    @Test
    void unknownEndpointIs404InTheErrorShape() throws Exception {
        HttpResponse<String> response = raw("GET", "api/v1/gibtsnicht", null, token());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).isEqualTo("NOT_FOUND");
    }

    @Test
    void eventStreamRefusesUnauthenticatedClients() {
        ApiClient anonymous = new ApiClient(server.baseUri());
        assertThatThrownBy(() -> anonymous.openEvents(e -> { }, e -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    private static List<Appointment> scheduled(int count) throws ApiException {
        List<Appointment> open = advisor.appointments(TODAY).stream()
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED && a.channel() != Channel.VIDEO)
                .toList();
        assertThat(open).hasSizeGreaterThanOrEqualTo(count);
        return open.subList(open.size() - count, open.size());
    }

    private static Appointment scheduledVideo() throws ApiException {
        return advisor.appointments(TODAY).stream()
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED && a.channel() == Channel.VIDEO)
                .reduce((a, b) -> b).orElseThrow();
    }

    private static String token(Appointment a) {
        return a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
    }

    private static String token() throws ApiException {
        return new ApiClient(server.baseUri()).login("demo.berater", "demo").token();
    }

    private static void assertBadRequest(HttpResponse<String> response, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(error(response)).isEqualTo(code);
    }

    private static String error(HttpResponse<String> response) throws Exception {
        JsonNode node = Json.mapper().readTree(response.body());
        assertThat(node.has("message")).isTrue();
        return node.get("error").asText();
    }

    private static HttpResponse<String> raw(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
