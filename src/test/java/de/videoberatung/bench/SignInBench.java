package de.videoberatung.bench;

import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Sign-in with the production hash (PBKDF2-SHA256, 600,000 rounds) on a real server on loopback: throughput of
 * sequential sign-ins, and the latency distribution (p50, p99) when 50 sign-ins arrive at once (5 rounds).
 * {@code mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.SignInBench}
 */
public final class SignInBench {

    private static final int ITERATIONS = 600_000;

    private SignInBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("signin-bench");
        seed(data, 50);
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data)
                .publicUrl(URI.create("https://beratung.example.test/")).build()).start()) {
            HttpClient http = HttpClient.newHttpClient();
            signIn(http, server, "bench0"); // warm-up
            int sequential = 10;
            long start = System.nanoTime();
            for (int i = 0; i < sequential; i++) {
                signIn(http, server, "bench" + (i % 50));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("FIGURE sign-in throughput, sequential: %.2f sign-ins/s (%.0f ms each)%n",
                    sequential / seconds, seconds * 1000 / sequential);
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(50);
            long parallelStart = System.nanoTime();
            int rounds = 5;
            for (int round = 0; round < rounds; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String user = "bench" + i;
                    all.add(pool.submit(() -> {
                        go.await();
                        long t = System.nanoTime();
                        signIn(http, server, user);
                        latencies.add((System.nanoTime() - t) / 1e6);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : all) {
                    f.get();
                }
            }
            double parallelSeconds = (System.nanoTime() - parallelStart) / 1e9;
            pool.shutdown();
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("FIGURE 50 parallel sign-ins x %d rounds on %d cores: %.2f sign-ins/s, p50 %.0f ms, "
                            + "p99 %.0f ms, max %.0f ms%n", rounds, Runtime.getRuntime().availableProcessors(),
                    sorted.size() / parallelSeconds, sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
        }
    }

    private static void signIn(HttpClient http, ConsultationServer server, String user) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.baseUri().resolve("api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"bench-pw\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("sign-in answered " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Accounts with the stored form the server writes ({@code pbkdf2-sha256$rounds$salt$hash}). */
    private static void seed(Path data, int accounts) throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("server.db"), "db/server")) {
            SecureRandom random = new SecureRandom();
            db.read(c -> {
                try (PreparedStatement team = c.prepareStatement("INSERT INTO team (name) VALUES ('Bench')")) {
                    team.executeUpdate();
                }
                for (int i = 0; i < accounts; i++) {
                    byte[] salt = new byte[16];
                    random.nextBytes(salt);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO account (username, display_name, "
                            + "role, team_id, password_hash) VALUES (?, ?, 'ADVISOR', 1, ?)")) {
                        ps.setString(1, "bench" + i);
                        ps.setString(2, "Bench " + i);
                        ps.setString(3, hash("bench-pw", salt));
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        }
    }

    private static String hash(String password, byte[] salt) {
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                    new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
