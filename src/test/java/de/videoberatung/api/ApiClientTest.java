package de.videoberatung.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import de.videoberatung.i18n.Messages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client makes of servers that misbehave: every failure becomes an {@link ApiException} of a
 * kind the UI explains in German, never a crash. The "server" here is a loopback HTTP server that
 * answers with exactly the broken replies under test.
 */
class ApiClientTest {

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    ApiClient clientAnswering(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @Test
    void malformedJsonIsABadResponseWithAGermanExplanation() throws IOException {
        ApiClient client = clientAnswering(200, "application/json", "[{\"id\": 1, \"customerName\": ");
        assertThatThrownBy(() -> client.appointments(LocalDate.of(2026, 11, 27)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_RESPONSE);
                    assertThat(Messages.german().describe(e)).startsWith("Der Server hat eine unlesbare Antwort");
                });
    }

    @Test
    void wrongShapeIsABadResponse() throws IOException {
        ApiClient client = clientAnswering(200, "application/json", "{\"status\": \"UP\"}");
        assertThatThrownBy(() -> client.appointments(LocalDate.of(2026, 11, 27)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_RESPONSE));
    }

    @Test
    void proxyErrorPageWithoutOurErrorShapeIsClassifiedByStatus() throws IOException {
        ApiClient client = clientAnswering(502, "text/html", "<html><body>Bad Gateway</body></html>");
        assertThatThrownBy(client::health).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_RESPONSE);
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isNull();
        });
    }

    @Test
    void contractErrorsKeepTheirCode() throws IOException {
        ApiClient client = clientAnswering(409, "application/json",
                "{\"error\":\"INVALID_TRANSITION\",\"message\":\"nope\"}");
        assertThatThrownBy(() -> client.changeStatus(1, StatusChange.to(AppointmentStatus.CANCELLED)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ApiException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("INVALID_TRANSITION");
                    assertThat(Messages.german().describe(e)).contains("nicht möglich");
                });
    }

    @Test
    void nobodyListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ApiClient client = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"));
        assertThatThrownBy(client::health).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(ApiException.Kind.UNREACHABLE);
            assertThat(Messages.german().describe(e)).startsWith("Der Server ist nicht erreichbar");
        });
    }
}
