package de.videoberatung.server.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.api.InvitationState;
import de.videoberatung.api.Json;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.Poll;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMS gateway as a real HTTP receiver on loopback: the documented request, retried after a 503. */
class SmsGatewayTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    record Received(String authorization, String contentType, JsonNode body) {
    }

    @TempDir
    Path data;
    HttpServer gateway;
    ConsultationServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger answered = new AtomicInteger();

    @BeforeEach
    void startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.createContext("/sms", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    Json.mapper().readTree(new String(body, StandardCharsets.UTF_8))));
            // The first answer is "busy": the server must try again.
            exchange.sendResponseHeaders(answered.getAndIncrement() == 0 ? 503 : 202, -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        gateway.stop(0);
    }

    @Test
    void aMobileNumberGetsTheDocumentedRequestAndABusyGatewayIsTriedAgain() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms");
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .publicUrl(URI.create("https://beratung.jobcenter.example/"))
                .invitations(InvitationOptions.off().withSms(url, "secret-token").withReminders(List.of())
                        .withRetry(Duration.ofMillis(200), Duration.ofSeconds(1))).build()).start();
        ApiClient advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
        ZonedDateTime start = LocalDate.now(BERLIN).plusDays(1).atTime(10, 30).atZone(BERLIN);
        Appointment mobile = advisor.createAppointment(draft("0170 1234567", start));
        Appointment landline = advisor.createAppointment(draft("030 1234567", start.plusHours(2)));

        Poll.until("the SMS accepted after one retry", Duration.ofSeconds(30), () -> answered.get() >= 2);
        Poll.until("the queue shows it sent", Duration.ofSeconds(30), () -> invitation(advisor, mobile)
                == InvitationState.SENT);
        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer secret-token");
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.body().get("to").asText()).isEqualTo("+491701234567");
            assertThat(r.body().get("text").asText()).startsWith("Jobcenter: Ihre Videoberatung am ")
                    .contains("um 10:30 Uhr", "Anna Becker", mobile.joinUrl());
        });
        assertThat(invitation(advisor, landline)).as("a landline gets no SMS").isEqualTo(InvitationState.NONE);
    }

    private static AppointmentDraft draft(String phone, ZonedDateTime start) {
        return new AppointmentDraft(null, "Kunde Telefon", "123A456789", null, phone, null, "Beratung",
                Channel.VIDEO, start.toInstant(), start.plusMinutes(30).toInstant(), null, true);
    }

    private static InvitationState invitation(ApiClient advisor, Appointment a) {
        try {
            return advisor.appointments(LocalDate.ofInstant(a.startsAt(), BERLIN)).stream()
                    .filter(x -> x.id() == a.id()).findFirst().orElseThrow().invitation().state();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
