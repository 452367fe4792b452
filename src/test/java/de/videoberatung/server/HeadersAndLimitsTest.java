package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of answer carries the security headers; bodies over the limit are refused, chunked ones too. */
class HeadersAndLimitsTest {

    static final long LIMIT = 64 * 1024;
    @TempDir
    static Path data;
    static ConsultationServer server;
    static String token;
    static String joinToken;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .maxRequestBytes(LIMIT).build()).start();
        ApiClient advisor = new ApiClient(server.baseUri());
        token = advisor.login("demo.berater", "demo").token();
        Appointment video = advisor.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))).stream()
                .filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
        joinToken = video.joinUrl().substring(video.joinUrl().lastIndexOf('/') + 1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyKindOfAnswerCarriesTheSecurityHeaders() throws Exception {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("json 200", send("GET", "api/v1/health", null, null));
        answers.put("signed-in json 200", send("GET", "api/v1/appointments?date=" + LocalDate.now(), null, token));
        answers.put("401", send("GET", "api/v1/appointments?date=2025-01-01", null, null));
        answers.put("400", send("POST", "api/v1/session", "{not json", null));
        answers.put("404 unknown path", send("GET", "nowhere", null, null));
        answers.put("405-ish wrong method", send("PUT", "api/v1/health", "{}", null));
        answers.put("join page 200", send("GET", "j/" + joinToken, null, null));
        answers.put("join page of an unknown link", send("GET", "j/unknown-token-that-is-long-enough-1234567890", null,
                null));
        answers.put("asset", send("GET", "web/join.js", null, null));
        answers.put("413", send("POST", "api/v1/session", "x".repeat((int) LIMIT + 1), null));
        answers.forEach((kind, answer) -> {
            HttpHeaders h = answer.headers();
            assertThat(h.firstValue("Content-Security-Policy")).as(kind).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "base-uri 'none'", "form-action 'none'",
                            "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(h.firstValue("Referrer-Policy")).as(kind).hasValue("no-referrer");
            assertThat(h.firstValue("X-Content-Type-Options")).as(kind).hasValue("nosniff");
            assertThat(h.firstValue("Permissions-Policy")).as(kind).hasValueSatisfying(p ->
                    assertThat(p).contains("camera=(self)", "microphone=(self)", "geolocation=()"));
            assertThat(h.firstValue("Cache-Control")).as(kind)
                    .hasValue(kind.equals("asset") ? "no-cache" : "no-store");
            // Plain HTTP here: HSTS belongs to HTTPS answers only (TlsServerTest).
            assertThat(h.firstValue("Strict-Transport-Security")).as(kind).isEmpty();
        });
        assertThat(answers.get("413").statusCode()).isEqualTo(413);
        assertThat(answers.get("join page 200").statusCode()).isEqualTo(200);
    }

    @Test
    void theJoinPageNeedsNothingTheCspForbids() throws Exception {
        String page = send("GET", "j/" + joinToken, null, null).body();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=", " on", "javascript:")
                .contains("<script src=\"/web/join.js\"></script>", "href=\"/web/join.css\"");
        assertThat(send("GET", "web/join.js", null, null).body()).doesNotContain("eval(", "new Function");
    }

    @Test
    void aDeclaredOversizedBodyIsRefusedWith413() throws Exception {
        HttpResponse<String> answer = send("POST", "api/v1/session", "x".repeat((int) LIMIT + 1), null);
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(answer.body()).path("error").asText()).isEqualTo("BODY_TOO_LARGE");
    }

    /**
     * A raw socket sends an endless chunked body without {@code Content-Length}: the server answers 413 after
     * about the limit and closes, so the sender cannot push much more than the socket buffers hold.
     */
    @Test
    void aChunkedOversizedBodyIsRefusedWith413WithoutBeingReadFully() throws Exception {
        long offered = 2L * 1024 * 1024 * 1024;
        try (Socket socket = new Socket(server.baseUri().getHost(), server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[8192];
                Arrays.fill(chunk, (byte) ' ');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < offered) {
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException closedByServer) {
                    // expected: the server stopped reading
                }
            });
            String response = readResponse(socket.getInputStream());
            sender.get(30, TimeUnit.SECONDS);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("BODY_TOO_LARGE");
            assertThat(sent.get()).as("bytes the client got rid of before the server closed").isLessThan(offered / 2);
        }
        // The server is fine afterwards.
        assertThat(send("GET", "api/v1/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        try (Socket socket = new Socket(server.baseUri().getHost(), server.port())) {
            socket.setSoTimeout(10_000);
            String body = "{\"username\":\"demo.berater\",\"password\":\"demo\"}";
            socket.getOutputStream().write(("POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"token\"");
        }
    }

    /** Reads the status line, headers and (what arrives of) the body until the server closes or 5 s pass. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
                String sofar = bytes.toString(StandardCharsets.ISO_8859_1);
                if (sofar.contains("\r\n\r\n") && (sofar.endsWith("}") || sofar.endsWith("0\r\n\r\n"))) {
                    break;
                }
            }
        } catch (SocketException reset) {
            // the server closed while we were still sending: what arrived is the answer
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static HttpResponse<String> send(String method, String path, String body, String bearer)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    static URI uri(String path) {
        return server.baseUri().resolve(path);
    }
}
