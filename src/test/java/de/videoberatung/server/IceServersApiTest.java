package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.IceServer;
import de.videoberatung.api.JoinState;
import de.videoberatung.api.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ICE servers with short-lived TURN credentials, for staff and in the customer's join state (real server, loopback). */
class IceServersApiTest {

    static final String SECRET = "sixteen-chars-secret";
    static final List<String> TURN = List.of("turn:turn.example.test:3478?transport=udp",
            "turn:turn.example.test:3478?transport=tcp", "turns:turn.example.test:443?transport=tcp");
    static final List<String> STUN = List.of("stun:turn.example.test:3478");
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));
    static final Instant NOW = TODAY.atTime(9, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant();
    static final HttpClient RAW = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private ConsultationServer server(ServerOptions.Builder builder) {
        return ConsultationServer.create(builder.demo(true).demoTime(LocalTime.of(9, 0))
                .clock(Clock.fixed(NOW, ZoneId.of("UTC"))).build()).start();
    }

    @Test
    void staffGetStunAndTurnWithAFreshCredentialInCoturnsScheme() throws Exception {
        try (ConsultationServer server = server(ServerOptions.builder(data).stunUrls(STUN).turn(TURN, SECRET)
                .turnTtl(Duration.ofMinutes(90)))) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");

            List<IceServer> first = advisor.iceServers();
            List<IceServer> second = advisor.iceServers();

            assertThat(first).hasSize(2);
            assertThat(first.get(0).urls()).isEqualTo(STUN);
            assertThat(first.get(0).username()).isNull();
            IceServer turn = first.get(1);
            assertThat(turn.urls()).isEqualTo(TURN);
            long expiry = NOW.plus(Duration.ofMinutes(90)).getEpochSecond();
            // "<expiry>:<random id>": nothing about the advisor in it (coturn logs user names).
            assertThat(turn.username()).matches(expiry + ":[A-Za-z0-9_-]{12}")
                    .doesNotContain("demo").doesNotContain("berater");
            assertThat(turn.credential()).isEqualTo(IceServerIssuer.credential(SECRET, turn.username()));
            assertThat(second.get(1).username()).as("every request gets its own").isNotEqualTo(turn.username());
            assertThat(turn.toString()).doesNotContain(turn.credential());
        }
    }

    @Test
    void theCredentialIsBase64OfHmacSha1OverTheUsername() {
        // Known answer from: printf '%s' '1700000000:abcdefghijkl' | openssl dgst -sha1 -hmac SECRET -binary | base64
        assertThat(IceServerIssuer.credential(SECRET, "1700000000:abcdefghijkl")).isEqualTo("BywU4+WYmV6utIHBnDI2/ZJKs3w=");
    }

    @Test
    void withoutASessionTheAnswerIs401InTheErrorShape() throws Exception {
        try (ConsultationServer server = server(ServerOptions.builder(data).turn(TURN, SECRET))) {
            HttpResponse<String> response = RAW.send(HttpRequest.newBuilder(server.baseUri().resolve("api/v1/ice-servers"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = Json.mapper().readTree(response.body());
            assertThat(body.get("error").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(body.get("message").asText()).isNotBlank();
            assertThat(response.body()).doesNotContain("turn:");
        }
    }

    @Test
    void theCustomersJoinStateCarriesFreshIceServersOnEveryRequest() throws Exception {
        try (ConsultationServer server = server(ServerOptions.builder(data).turn(TURN, SECRET))) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");
            Appointment video = advisor.appointments(TODAY).stream().filter(a -> a.channel() == Channel.VIDEO
                    && a.status() == AppointmentStatus.SCHEDULED).findFirst().orElseThrow();
            String path = "api/v1/join/" + video.joinUrl().substring(video.joinUrl().lastIndexOf('/') + 1);

            JoinState first = joinState(server, path);
            JoinState second = joinState(server, path);

            assertThat(first.iceServers()).singleElement().satisfies(s -> {
                assertThat(s.urls()).isEqualTo(TURN);
                assertThat(s.username()).matches(NOW.plus(Duration.ofHours(1)).getEpochSecond() + ":[A-Za-z0-9_-]{12}");
                assertThat(s.credential()).isEqualTo(IceServerIssuer.credential(SECRET, s.username()));
            });
            assertThat(second.iceServers().get(0).username()).isNotEqualTo(first.iceServers().get(0).username());
        }
    }

    @Test
    void withoutTurnThereIsOnlyStunOrNothing() throws Exception {
        try (ConsultationServer server = server(ServerOptions.builder(data))) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");
            assertThat(advisor.iceServers()).isEmpty();
        }
        try (ConsultationServer server = server(ServerOptions.builder(data).stunUrls(STUN))) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");
            assertThat(advisor.iceServers()).singleElement().satisfies(s -> {
                assertThat(s.urls()).isEqualTo(STUN);
                assertThat(s.credential()).isNull();
            });
        }
    }

    @Test
    void aBadIceConfigurationIsRefusedAtStartNamingTheKey() {
        assertThatThrownBy(() -> ServerOptions.builder(data).turn(TURN, null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turn.secret");
        assertThatThrownBy(() -> ServerOptions.builder(data).turn(TURN, "short").build())
                .hasMessageContaining("turn.secret");
        assertThatThrownBy(() -> ServerOptions.builder(data).turn(List.of("http://turn.example.test"), SECRET).build())
                .hasMessageContaining("turn.urls");
        assertThatThrownBy(() -> ServerOptions.builder(data).stunUrls(List.of("turn:x.example.test")).build())
                .hasMessageContaining("stun.urls");
        assertThatThrownBy(() -> ServerOptions.builder(data).turn(TURN, SECRET).turnTtl(Duration.ZERO).build())
                .hasMessageContaining("turn.ttl");
        assertThat(ServerConfig.parse(List.of("--public-url", "https://beratung.example.test/",
                "--turn-urls", String.join(",", TURN), "--turn-secret", SECRET,
                "--turn-ttl", "600", "--stun-urls", STUN.get(0)))).satisfies(o -> {
                    assertThat(o.turnUrls()).isEqualTo(TURN);
                    assertThat(o.turnTtl()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(o.stunUrls()).isEqualTo(STUN);
                });
    }

    private static JoinState joinState(ConsultationServer server, String path) throws Exception {
        HttpResponse<String> response = RAW.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.mapper().readValue(response.body(), JoinState.class);
    }
}
