package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.testsupport.TextMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code public.port} the customers' surface has its own door, and each door serves only its routes. */
class TwoDoorsTest {

    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient advisor;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        // The demo day around now: the advisor's next video customer may already join.
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).publicPort(0).build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDoorsAreTwoPorts() {
        assertThat(server.customerUri().getPort()).isNotEqualTo(server.baseUri().getPort()).isPositive();
    }

    /** Every registered route, so a new one cannot be forgotten: staff routes 404 on the customers' door. */
    @Test
    void everyStaffRouteAnswers404OnTheCustomersDoorAndTheCustomersRoutes404OnTheStaffDoor() throws Exception {
        List<String> routes = server.routes();
        assertThat(routes).contains("POST /api/v1/session", "GET /j/{token}", "WS /api/v1/events",
                "WS /api/v1/join/{token}/signal");
        String bearer = "Bearer " + advisor.login("demo.berater", "demo").token();
        // Real parameters, so a route's own 404 for an unknown id does not hide the door's.
        Appointment video = advisor.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))).stream()
                .filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{token}", token(video))
                    .replace("{id}", String.valueOf(video.id())).replaceAll("\\{[^}]+}", "1");
            boolean customers = Listeners.customerPath(path);
            boolean health = path.equals("/api/v1/health");
            if (method.equals("WS")) {
                int onCustomerDoor = upgradeStatus(server.customerUri(), path, bearer);
                int onStaffDoor = upgradeStatus(server.baseUri(), path, bearer);
                assertThat(customers ? onStaffDoor : onCustomerDoor).as("%s on the wrong door", route).isEqualTo(404);
                assertThat(customers ? onCustomerDoor : onStaffDoor).as("%s on its door", route).isNotEqualTo(404);
                continue;
            }
            if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                continue;
            }
            HttpResponse<String> onCustomerDoor = send(server.customerUri(), method, path, bearer);
            HttpResponse<String> onStaffDoor = send(server.baseUri(), method, path, bearer);
            if (health) {
                assertThat(onCustomerDoor.statusCode()).isEqualTo(200);
                assertThat(onStaffDoor.statusCode()).isEqualTo(200);
            } else {
                HttpResponse<String> wrong = customers ? onStaffDoor : onCustomerDoor;
                HttpResponse<String> right = customers ? onCustomerDoor : onStaffDoor;
                assertThat(wrong.statusCode()).as("%s on the wrong door", route).isEqualTo(404);
                assertThat(noSuchEndpoint(wrong)).as("%s on the wrong door: %s", route, wrong.body()).isTrue();
                assertThat(noSuchEndpoint(right)).as("%s on its door: %s", route, right.body()).isFalse();
            }
        }
    }

    /** Join page → consent → device check → waiting room → call signalling, all through the customers' door. */
    @Test
    void theCustomersWholeFlowWorksThroughTheCustomersDoorAlone() throws Exception {
        Appointment next = advisor.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))).stream()
                .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED)
                .filter(a -> send(server.customerUri(), "GET", "/api/v1/join/" + token(a), null).statusCode() == 200)
                .findFirst().orElseThrow();
        String token = token(next);
        URI door = server.customerUri();
        HttpResponse<String> page = send(door, "GET", "/j/" + token, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/web/join.js");
        assertThat(send(door, "GET", "/web/join.js", null).statusCode()).isEqualTo(200);
        assertThat(send(door, "GET", "/web/join.css", null).statusCode()).isEqualTo(200);
        assertThat(post(door, "/api/v1/join/" + token + "/consent",
                "{\"textVersion\":\"" + CallSignalling.CONSENT_TEXT_VERSION + "\"}").statusCode()).isEqualTo(204);
        assertThat(post(door, "/api/v1/join/" + token + "/check",
                "{\"camera\":true,\"microphone\":true,\"speaker\":true,\"connection\":\"good\"}").statusCode())
                .isEqualTo(204);

        TextMessages toPage = new TextMessages();
        WebSocket pageSocket = HTTP.newWebSocketBuilder().buildAsync(URI.create(door.toString()
                .replaceFirst("^http", "ws") + "api/v1/join/" + token + "/signal?page=tuerpruefung1"), toPage).join();
        TextMessages toAdvisor = new TextMessages();
        WebSocket advisorSocket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + advisor.login("demo.berater", "demo").token())
                .buildAsync(URI.create(server.baseUri().toString().replaceFirst("^http", "ws") + "api/v1/events"),
                        toAdvisor).join();
        try {
            assertThat(toPage.next("\"welcome\"")).contains("CUSTOMER_WAITING");
            assertThat(advisor.appointments(next.startsAt().atZone(ZoneId.of("Europe/Berlin")).toLocalDate())
                    .stream().filter(a -> a.id() == next.id()).findFirst().orElseThrow().status())
                    .as("in the waiting room").isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
            toAdvisor.next("\"hello\"");
            advisorSocket.sendText("{\"type\":\"start\",\"appointmentId\":" + next.id() + "}", true).join();
            toPage.next("\"start\"");
            pageSocket.sendText("{\"type\":\"offer\",\"appointmentId\":0,\"sdp\":\"v=0 tuer\"}", true).join();
            assertThat(toAdvisor.next("v=0 tuer")).contains(String.valueOf(next.id()));
            advisorSocket.sendText("{\"type\":\"answer\",\"appointmentId\":" + next.id() + ",\"sdp\":\"v=0 antwort\"}",
                    true).join();
            assertThat(toPage.next("\"answer\"")).contains("v=0 antwort");
        } finally {
            pageSocket.abort();
            advisorSocket.abort();
        }
    }

    /** The door's refusal, as opposed to a route's own 404 for an unknown id. */
    private static boolean noSuchEndpoint(HttpResponse<String> answer) throws IOException {
        return answer.statusCode() == 404 && answer.headers().firstValue("Content-Type").orElse("").contains("json")
                && "No such endpoint".equals(Json.mapper().readTree(answer.body()).path("message").asText());
    }

    private static String token(Appointment a) {
        return a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
    }

    private static int upgradeStatus(URI door, String path, String bearer) {
        try {
            WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", bearer)
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(door.toString().replaceFirst("^http", "ws") + path.substring(1)
                            + "?page=tuerpruefung2"), new TextMessages()).join();
            ws.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static HttpResponse<String> post(URI door, String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(door.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(URI door, String method, String path, String bearer) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(door.resolve(path))
                    .method(method, method.equals("GET") || method.equals("DELETE")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
            if (bearer != null) {
                request.header("Authorization", bearer);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
