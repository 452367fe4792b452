package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.Json;
import de.videoberatung.api.Role;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed sign-ins are throttled, unknown names look like known ones, old hashes are upgraded, idle sessions end. */
class SignInGuardTest {

    static final SignInGuard.Limits TIGHT = new SignInGuard.Limits(3, 10, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofHours(1));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.now());

    private ConsultationServer demo(SignInGuard.Limits limits) {
        return ConsultationServer.create(ServerOptions.builder(dir.resolve("demo")).demo(true)
                .demoTime(LocalTime.of(7, 0)).clock(clock).signInLimits(limits).build()).start();
    }

    @Test
    void failuresOfOneAccountAreThrottledWithGrowingDelays() throws Exception {
        try (ConsultationServer server = demo(TIGHT)) {
            for (int i = 0; i < 3; i++) {
                assertThat(signIn(server, "demo.berater", "falsch", null).statusCode()).isEqualTo(401);
            }
            // The fourth failure is answered as such, and locks the account for the first delay.
            assertThat(signIn(server, "demo.berater", "falsch", null).statusCode()).isEqualTo(401);
            HttpResponse<String> locked = signIn(server, "demo.berater", "demo", null);
            assertThat(locked.statusCode()).as("even the right password waits").isEqualTo(429);
            assertThat(error(locked)).isEqualTo("TOO_MANY_ATTEMPTS");
            assertThat(locked.headers().firstValue("Retry-After")).hasValue("10");

            clock.advance(Duration.ofSeconds(10));
            assertThat(signIn(server, "demo.berater", "falsch", null).statusCode()).isEqualTo(401);
            assertThat(signIn(server, "demo.berater", "demo", null).headers().firstValue("Retry-After"))
                    .as("the next failure doubles the delay").hasValue("20");
            clock.advance(Duration.ofSeconds(15));
            assertThat(signIn(server, "demo.berater", "demo", null).headers().firstValue("Retry-After")).hasValue("5");
            clock.advance(Duration.ofSeconds(5));
            assertThat(signIn(server, "demo.berater", "demo", null).statusCode()).isEqualTo(200);
            // A success starts the account afresh.
            assertThat(signIn(server, "demo.berater", "falsch", null).statusCode()).isEqualTo(401);
            assertThat(signIn(server, "demo.berater", "demo", null).statusCode()).isEqualTo(200);
            // Another account was never affected.
            assertThat(signIn(server, "demo.teamleitung", "demo", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void failuresFromOneAddressAreThrottledAcrossAccountNames() throws Exception {
        try (ConsultationServer server = demo(TIGHT)) {
            for (int i = 0; i < 11; i++) {
                assertThat(signIn(server, "raten" + i, "x", "203.0.113.7").statusCode()).isEqualTo(401);
            }
            HttpResponse<String> locked = signIn(server, "demo.berater", "demo", "203.0.113.7");
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(signIn(server, "demo.berater", "demo", "198.51.100.2").statusCode())
                    .as("another address is not locked").isEqualTo(200);
            // IPv6 counts by /64: a neighbour in the same /64 is the same source.
            for (int i = 0; i < 11; i++) {
                signIn(server, "v6-" + i, "x", "2001:db8:1:2::" + Integer.toHexString(i + 1));
            }
            assertThat(signIn(server, "demo.berater", "demo", "2001:db8:1:2::ffff").statusCode()).isEqualTo(429);
            assertThat(signIn(server, "demo.berater", "demo", "2001:db8:1:3::1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknownAndKnownNamesGetTheSameAnswer() throws Exception {
        try (ConsultationServer server = demo(SignInGuard.Limits.DEFAULT)) {
            HttpResponse<String> known = signIn(server, "demo.berater", "falsch", null);
            HttpResponse<String> unknown = signIn(server, "niemand.hier", "falsch", null);
            assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(401);
            assertThat(unknown.body()).isEqualTo(known.body());
        }
    }

    /**
     * Timing: the sign-in of an unknown name and a known name with a wrong password are drawn from one
     * distribution. Two-sample Kolmogorov-Smirnov test over interleaved samples at α = 0.001: the test fails
     * only if the two distributions differ (it does detect the difference to an answer without a hash, checked
     * below with the same statistic).
     */
    @Test
    void unknownAndKnownNamesCannotBeToldApartByTiming() throws Exception {
        int iterations = 20_000;
        Path data = dir.resolve("timing");
        seedAccount(data, "berater.eins", "richtig", iterations);
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data)
                .publicUrl(URI.create("https://beratung.example.test/")).passwordIterations(iterations)
                .signInLimits(new SignInGuard.Limits(100_000, 100_000, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1))).build()).start()) {
            for (int i = 0; i < 10; i++) { // warm-up: JIT, connections
                signIn(server, "berater.eins", "falsch", null);
                signIn(server, "unbekannt" + i, "falsch", null);
            }
            int n = 60;
            double[] known = new double[n];
            double[] unknown = new double[n];
            double[] noHash = new double[n];
            Random order = new Random(42);
            for (int i = 0; i < n; i++) {
                // Interleaved in random order, so load from elsewhere falls on both alike.
                for (int kind : order.nextBoolean() ? new int[] {0, 1, 2} : new int[] {2, 1, 0}) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = switch (kind) {
                        case 0 -> signIn(server, "berater.eins", "falsch", null);
                        case 1 -> signIn(server, "unbekannt." + i, "falsch", null);
                        default -> raw(server, "{\"username\":\"berater.eins\"}", null);
                    };
                    double ms = (System.nanoTime() - start) / 1e6;
                    assertThat(answer.statusCode()).isIn(400, 401);
                    (kind == 0 ? known : kind == 1 ? unknown : noHash)[i] = ms;
                }
            }
            double critical = 1.949 * Math.sqrt(2.0 / n); // c(0.001) * sqrt((n + m) / (n m))
            double knownVsUnknown = ksStatistic(known, unknown);
            assertThat(ksStatistic(known, noHash)).as("the statistic sees a difference when there is one")
                    .isGreaterThan(critical);
            assertThat(knownVsUnknown).as("KS distance known vs unknown (critical %.3f); medians %.2f / %.2f ms",
                    critical, median(known), median(unknown)).isLessThan(critical);
        }
    }

    @Test
    void anOldHashIsUpgradedAtSignIn() throws Exception {
        Path data = dir.resolve("rehash");
        seedAccount(data, "berater.alt", "geheim-2019", 210_000);
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data)
                .publicUrl(URI.create("https://beratung.example.test/")).build()).start()) {
            assertThat(server.accounts().byUsername("berater.alt").orElseThrow().passwordHash())
                    .startsWith("pbkdf2-sha256$210000$");
            assertThat(signIn(server, "berater.alt", "geheim-2019", null).statusCode()).isEqualTo(200);
            String upgraded = server.accounts().byUsername("berater.alt").orElseThrow().passwordHash();
            assertThat(upgraded).startsWith("pbkdf2-sha256$600000$");
            assertThat(signIn(server, "berater.alt", "geheim-2019", null).statusCode()).isEqualTo(200);
            assertThat(server.accounts().byUsername("berater.alt").orElseThrow().passwordHash())
                    .as("upgraded once").isEqualTo(upgraded);
            assertThat(signIn(server, "berater.alt", "falsch", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aSessionUnusedForSessionIdleIsOver() throws Exception {
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir.resolve("idle"))
                .demo(true).demoTime(LocalTime.of(7, 0)).clock(clock).sessionIdle(Duration.ofMinutes(10)).build())
                .start()) {
            String token = Json.mapper().readTree(signIn(server, "demo.berater", "demo", null).body())
                    .path("token").asText();
            clock.advance(Duration.ofMinutes(9));
            assertThat(health(server, token)).as("used within the idle time").isEqualTo(200);
            clock.advance(Duration.ofMinutes(9));
            assertThat(health(server, token)).as("each use counts").isEqualTo(200);
            clock.advance(Duration.ofMinutes(11));
            assertThat(health(server, token)).as("unused for longer than session.idle").isEqualTo(401);
        }
    }

    private static int health(ConsultationServer server, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve("api/v1/ice-servers"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void seedAccount(Path data, String username, String password, int iterations) {
        try (SqliteDatabase db = SqliteDatabase.open(OwnerOnly.prepare(data, "server.db"), "db/server")) {
            AccountStore accounts = new AccountStore(db, new Tokens(new SecureRandom()), Clock.systemUTC());
            long team = accounts.createTeam("Team Test");
            accounts.createAccount(username, "Test Person", Role.ADVISOR, team,
                    new PasswordHasher(new SecureRandom(), iterations).hash(password));
        }
    }

    static HttpResponse<String> signIn(ConsultationServer server, String user, String password, String from)
            throws Exception {
        return raw(server, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", from);
    }

    private static HttpResponse<String> raw(ConsultationServer server, String body, String from) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve("api/v1/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (from != null) {
            // As nginx in front on this machine passes it on.
            request.header("X-Forwarded-For", from);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        JsonNode body = Json.mapper().readTree(response.body());
        return body.path("error").asText();
    }

    /** The largest distance between the two empirical distribution functions. */
    static double ksStatistic(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double v = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= v) {
                i++;
            }
            while (j < y.length && y[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
