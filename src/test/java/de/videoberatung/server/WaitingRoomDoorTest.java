package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CallSignal;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.PageSignal;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.testsupport.CustomerPage;
import de.videoberatung.testsupport.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join link opens the waiting room, never the call: a new page for the link during a call (a reload,
 * another device) waits to be admitted again, while the admitted page coming back on a new socket (its
 * network changed) goes on with the call. Join tokens are stored hashed; call rooms go with their sockets.
 */
class WaitingRoomDoorTest {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    @TempDir
    Path data;
    ConsultationServer server;
    ApiClient advisor;
    WebSocket events;
    final BlockingQueue<ServerEvent> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws ApiException {
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .build()).start();
        signIn();
    }

    private void signIn() throws ApiException {
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
        events = advisor.openEvents(received::add, e -> { });
    }

    @AfterEach
    void stop() {
        events.abort();
        server.close();
    }

    @Test
    void aNewPageDuringTheCallGoesToTheWaitingRoomUntilTheAdvisorAdmitsItAgain() throws Exception {
        Appointment video = scheduledVideo();
        CustomerPage first = CustomerPage.open(video);
        assertThat(first.next(PageSignal.Welcome.class).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
        admit(video);
        first.next(PageSignal.Start.class);
        assertThat(status(video)).isEqualTo(AppointmentStatus.IN_CALL);

        // The customer's socket goes (tab closed, phone locked); the link is opened on a new page.
        first.close();
        received.clear();
        try (CustomerPage second = CustomerPage.open(video)) {
            assertThat(second.next(PageSignal.Welcome.class).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
            assertThat(status(video)).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
            assertThat(nextEvent(ServerEvent.CallHangUp.class).by()).isEqualTo("waiting-room");
            // Nothing lets it into the call but the advisor: its offers are refused meanwhile.
            second.send("{\"type\":\"offer\",\"appointmentId\":0,\"sdp\":\"v=0\"}");
            assertThat(second.next(PageSignal.Refused.class).code()).isEqualTo("NOT_IN_CALL");

            admit(video);
            second.next(PageSignal.Start.class);
            assertThat(status(video)).isEqualTo(AppointmentStatus.IN_CALL);
        }
    }

    @Test
    void theAdmittedPageComingBackOnANewSocketGoesOnWithTheCall() throws Exception {
        Appointment video = scheduledVideo();
        try (CustomerPage page = CustomerPage.open(video)) {
            page.next(PageSignal.Welcome.class);
            admit(video);
            page.next(PageSignal.Start.class);

            page.reconnect(); // the network changed: same page, new socket
            assertThat(page.next(PageSignal.Welcome.class).status()).isEqualTo(AppointmentStatus.IN_CALL);
            page.next(PageSignal.Start.class);
            assertThat(status(video)).isEqualTo(AppointmentStatus.IN_CALL);
        }
    }

    @Test
    void aSecondPageWhileTheFirstIsConnectedIsRefused() throws Exception {
        Appointment video = scheduledVideo();
        try (CustomerPage first = CustomerPage.open(video); CustomerPage second = CustomerPage.open(video)) {
            second.next(PageSignal.Taken.class);
            Poll.until("the second page's socket closed", Duration.ofSeconds(10),
                    () -> second.closeCode() == CallSignalling.CLOSE_TAKEN);
            assertThat(first.closeCode()).isEqualTo(-1);
        }
    }

    @Test
    void callRoomsAreReleasedWhenTheirSocketsClose() throws Exception {
        Appointment waiting = scheduledVideo();
        CustomerPage page = CustomerPage.open(waiting);
        page.next(PageSignal.Welcome.class);
        assertThat(server.openCallRooms()).isEqualTo(1);
        page.close();
        Poll.until("the waiting room's room released", Duration.ofSeconds(10), () -> server.openCallRooms() == 0);
        Poll.until("back to scheduled", Duration.ofSeconds(10), () -> status(waiting) == AppointmentStatus.SCHEDULED);

        CustomerPage caller = CustomerPage.open(waiting);
        caller.next(PageSignal.Welcome.class); // welcomed into the waiting room, not refused as a second page
        admit(waiting);
        caller.next(PageSignal.Start.class);
        advisorSends(new CallSignal.HangUp(waiting.id()));
        caller.next(PageSignal.Ended.class);
        Poll.until("the call's room released", Duration.ofSeconds(10), () -> server.openCallRooms() == 0);

        // An advisor's signals about an appointment nobody has open hold no room either.
        advisorSends(new CallSignal.Start(scheduledVideo().id()));
        assertThat(nextEvent(ServerEvent.CallRefused.class).code()).isEqualTo("CUSTOMER_ABSENT");
        assertThat(server.openCallRooms()).isZero();
    }

    @Test
    void joinTokensAreStoredOnlyAsHashAndSealedCopy() throws Exception {
        Appointment video = scheduledVideo();
        String token = token(video);
        server.close();
        byte[] file = Files.readAllBytes(data.resolve("server.db"));
        Path wal = data.resolve("server.db-wal");
        String raw = new String(file, StandardCharsets.ISO_8859_1)
                + (Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "");
        assertThat(raw).doesNotContain(token);
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("server.db"), "db/server")) {
            int plain = db.read(c -> {
                try (var ps = c.prepareStatement("SELECT COUNT(*) FROM appointment WHERE join_token IS NOT NULL");
                     var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(plain).isZero();
        }
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).build()).start();
        signIn();
        assertThat(joinStatus(server.baseUri(), token)).isEqualTo(200);
    }

    @Test
    void aLinkStoredInTheClearBeforeTheMigrationKeepsWorking() throws Exception {
        Appointment video = scheduledVideo();
        server.close();
        String old = "altesToken_" + "A".repeat(32);
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("server.db"), "db/server")) {
            db.read(c -> {
                try (var ps = c.prepareStatement("UPDATE appointment SET join_token = ?, join_token_hash = NULL, "
                        + "join_token_sealed = NULL WHERE id = ?")) {
                    ps.setString(1, old);
                    ps.setLong(2, video.id());
                    return ps.executeUpdate();
                }
            });
        }
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).build()).start();
        signIn();
        assertThat(joinStatus(server.baseUri(), old)).isEqualTo(200);
        assertThat(advisor.appointments(TODAY).stream().filter(a -> a.id() == video.id()).findFirst().orElseThrow()
                .joinUrl()).endsWith("/j/" + old);
    }

    private static int joinStatus(URI base, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("api/v1/join/" + token)).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void admit(Appointment a) throws Exception {
        advisorSends(new CallSignal.Start(a.id()));
        Poll.until("the call started", Duration.ofSeconds(10), () -> status(a) == AppointmentStatus.IN_CALL);
    }

    private void advisorSends(CallSignal signal) throws Exception {
        events.sendText(Json.mapper().writerFor(CallSignal.class).writeValueAsString(signal), true).join();
    }

    private <T extends ServerEvent> T nextEvent(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ServerEvent e = received.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " for the advisor");
    }

    private AppointmentStatus status(Appointment a) {
        try {
            return advisor.appointments(TODAY).stream().filter(x -> x.id() == a.id()).findFirst().orElseThrow()
                    .status();
        } catch (ApiException e) {
            throw new AssertionError(e);
        }
    }

    private Appointment scheduledVideo() throws ApiException {
        return advisor.appointments(TODAY).stream()
                .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED)
                .reduce((x, y) -> y).orElseThrow(); // the day's last: the earlier ones are other tests'
    }

    private static String token(Appointment a) {
        return a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
    }
}
