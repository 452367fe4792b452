package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Channel;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.TestCertificates;
import de.videoberatung.testsupport.TextMessages;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's nginx with packaging/server/nginx-videoberatung.conf (only ports, paths and the certificate replaced)
 * in front of the server's two doors: the join page over TLS with HSTS, the signalling socket's upgrade, the
 * access log without tokens, the body limit.
 */
class NginxFrontIT {

    @TempDir
    Path dir;

    @Test
    void nginxInFrontServesTheCustomersDoorAndMasksTokens() throws Exception {
        TestCertificates certificate = TestCertificates.ec();
        Path cert = certificate.write(dir.resolve("tls"), TestCertificates.KeyFormat.PKCS8);
        int httpsPort = freePort();
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir.resolve("data"))
                .demo(true).publicPort(0).publicUrl(URI.create("https://localhost:" + httpsPort + "/")).build())
                .start()) {
            String conf = Files.readString(Path.of("packaging/server/nginx-videoberatung.conf"))
                    .replace("listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;")
                    .replace("listen [::]:443 ssl;", "")
                    .replace("/etc/letsencrypt/live/beratung.example.org/fullchain.pem", cert.toString())
                    .replace("/etc/letsencrypt/live/beratung.example.org/privkey.pem",
                            cert.resolveSibling("key.pem").toString())
                    .replace("/var/log/nginx/videoberatung.access.log", dir.resolve("access.log").toString())
                    .replace("127.0.0.1:8081", "127.0.0.1:" + server.customerUri().getPort())
                    .replace("127.0.0.1:8080", "127.0.0.1:" + server.port());
            Path nginxConf = Files.writeString(dir.resolve("nginx.conf"), "daemon off;\npid " + dir.resolve("nginx.pid")
                    + ";\nerror_log " + dir.resolve("error.log") + ";\nevents {}\nhttp {\n"
                    + "client_body_temp_path " + dir + "/body; proxy_temp_path " + dir + "/proxy;\n"
                    + "fastcgi_temp_path " + dir + "/fcgi; uwsgi_temp_path " + dir + "/uwsgi; scgi_temp_path " + dir
                    + "/scgi;\n" + conf + "\n}\n");
            Process nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", nginxConf.toString(),
                    "-e", dir.resolve("error.log").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            try {
                URI front = URI.create("https://localhost:" + httpsPort + "/");
                HttpClient http = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
                Poll.until("nginx answers", Duration.ofSeconds(20), () -> status(http, front.resolve("api/v1/health")) == 200);

                ApiClient advisor = new ApiClient(server.baseUri());
                advisor.login("demo.berater", "demo");
                Appointment video = advisor.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))).stream()
                        .filter(a -> a.channel() == Channel.VIDEO && a.joinUrl() != null)
                        .filter(a -> status(http, front.resolve("api/v1/join/" + token(a))) == 200)
                        .findFirst().orElseThrow();
                String token = token(video);
                assertThat(video.joinUrl()).startsWith(front.toString());

                HttpResponse<String> page = http.send(HttpRequest.newBuilder(front.resolve("j/" + token)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("/web/join.js");
                assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
                assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();

                HttpResponse<String> consent = http.send(HttpRequest.newBuilder(front.resolve("api/v1/join/" + token
                                + "/consent")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"textVersion\":\""
                                + CallSignalling.CONSENT_TEXT_VERSION + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(consent.statusCode()).isEqualTo(204);
                TextMessages messages = new TextMessages();
                WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("wss://localhost:" + httpsPort
                        + "/api/v1/join/" + token + "/signal?page=nginxpruefung"), messages).join();
                assertThat(messages.next("welcome")).as("the socket upgraded through nginx").contains("status");
                socket.abort();

                HttpResponse<String> big = http.send(HttpRequest.newBuilder(front.resolve("api/v1/join/" + token
                                + "/check")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2_000_000))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(big.statusCode()).isEqualTo(413);
                assertThat(status(http, front.resolve("api/v1/appointments?date=2025-01-01")))
                        .as("staff routes go to the staff door (its block allows 127.0.0.1), which wants a sign-in")
                        .isEqualTo(401);

                Poll.until("access log written", Duration.ofSeconds(10), () -> read(dir.resolve("access.log"))
                        .contains("/j/***"));
                String log = read(dir.resolve("access.log"));
                assertThat(log).contains("GET /j/*** ", "/api/v1/join/***/consent").doesNotContain(token)
                        .doesNotContain("nginxpruefung");
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String token(Appointment a) {
        return a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
