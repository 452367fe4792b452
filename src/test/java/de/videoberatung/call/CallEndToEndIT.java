package de.videoberatung.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CallSignal;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.StatusChange;
import de.videoberatung.media.call.CallEngine;
import de.videoberatung.media.call.CallEngineConfig;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.camera.OpenCamera;
import de.videoberatung.media.camera.TestCameras;
import de.videoberatung.media.camera.TestbildDriver;
import de.videoberatung.media.camera.VideoSize;
import de.videoberatung.media.sdp.IceCandidate;
import de.videoberatung.media.sdp.MediaDescription;
import de.videoberatung.media.sdp.SessionDescription;
import de.videoberatung.media.video.VideoFrame;
import de.videoberatung.media.video.VideoFrameSink;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The whole call, end to end on loopback: the real consultation server (demo data), the real join
 * page in headless Chromium with fake camera and microphone as the customer, and the desktop's
 * {@link CallService} with the libjitsi engine as the advisor, whose microphone is a private
 * PulseAudio server's 440 Hz tone and whose camera is the demo mode's Testbild.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class CallEndToEndIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));
    private static final Duration WAIT = Duration.ofSeconds(25);
    /** The customer's browser's estimate passes 1 Mbit/s within this after the engine's first frames (transport-cc). */
    private static final Duration RAMP_UP = Duration.ofSeconds(30);

    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient advisor;
    static ServerConnection connection;
    static ScheduledExecutorService scheduler;
    static CallEngine engine;
    static CallService calls;
    static OpenCamera camera;
    static HeadlessChromium chromium;
    static final Deque<Appointment> unused = new ArrayDeque<>();
    static final List<ServerEvent> advisorEvents = new CopyOnWriteArrayList<>();

    ActiveCall call;
    final LatestFrame sink = new LatestFrame();
    final RecordingObserver observer = new RecordingObserver();

    @BeforeAll
    static void startEverything(PulseAudioServer pulse) throws Exception {
        pulse.run("set-default-source", PulseAudioServer.TONE_SOURCE);
        pulse.run("set-default-sink", PulseAudioServer.SINK);
        engine = CallEngine.start(CallEngineConfig.loopback());
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true)
                .demoTime(LocalTime.of(7, 0)).build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
        scheduler = Executors.newSingleThreadScheduledExecutor();
        connection = new ServerConnection(advisor, scheduler, Clock.systemUTC(), c -> false);
        connection.onEvent(advisorEvents::add);
        connection.start();
        calls = new CallService(engine, connection, Clock.systemUTC());
        camera = TestCameras.service().open(TestbildDriver.DEFAULT_NAME, VideoSize.VGA).get(10, TimeUnit.SECONDS);
        unused.addAll(advisor.appointments(TODAY).stream()
                .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED).toList());
        chromium = HeadlessChromium.start(Map.of("PULSE_SERVER", System.getenv("PULSE_SERVER")));
        await("the advisor's event stream", () -> advisorEvents.stream().anyMatch(e -> e instanceof ServerEvent.Hello));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (calls != null) {
            calls.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (camera != null) {
            camera.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void leavePage() {
        if (call != null) {
            call.hangUp();
        }
        // Navigating away closes the page's socket and peer connection.
        chromium.driver().get("about:blank");
    }

    @Test
    void callCarriesAudioAndVideoBothWaysThenAdvisorHangsUpAndTheLinkExpires() throws Exception {
        Appointment a = nextAppointment();
        customerEntersWaitingRoom(a);
        await("the advisor sees the customer waiting with their device check", () -> {
            Appointment now = appointment(a.id());
            return now.status() == AppointmentStatus.CUSTOMER_WAITING && now.customerCheck() != null;
        });
        assertThat(appointment(a.id()).customerCheck().camera()).isTrue();
        assertThat(appointment(a.id()).customerCheck().speaker()).isTrue();

        call = calls.start(a.id(), camera, sink, observer);

        awaitPage("the page shows the call", "call");
        assertThat(appointment(a.id()).status()).isEqualTo(AppointmentStatus.IN_CALL);
        awaitBrowser("the advisor's video decoded in the browser", s -> number(s, "video", "framesDecoded") > 10);
        awaitBrowser("the advisor's audio received in the browser", s -> number(s, "audio", "packetsReceived") > 50);
        await("the customer's video decoded by the engine", () -> stats() != null && stats().videoIn().frames() > 10);
        customersBrowserRampsUpOnTheEnginesTransportFeedback();
        await("the customer's audio received by the engine", () -> stats().audioIn().packets() > 50);
        VideoFrame first = sink.latest;
        await("the customer's picture changes in the sink", () -> sink.latest.sequence() > first.sequence() + 5
                && !Arrays.equals(sink.latest.argb(), first.argb()));
        assertThat(first.width()).isEqualTo(640);
        assertThat(number(browserStats(), "audio", "totalAudioEnergy"))
                .as("the advisor's microphone tone is audible in the browser").isGreaterThan(0);
        assertThat(first.height()).isEqualTo(480);
        assertThat(stats().videoOut().bitrateKbps()).isPositive();
        assertThat(stats().audioOut().packets()).isPositive();
        await("a round-trip time from RTCP", () -> stats().roundTripMs() >= 0);
        // The engine's receiver reports reach the browser, with a round trip: FMJ's for audio, ours
        // (RemoteVideoReceiver, from the browser's sender reports) for the customer's video.
        for (String kind : List.of("audio", "video")) {
            awaitBrowser("the engine's receiver reports about the customer's " + kind, s -> {
                Map<?, ?> r = (Map<?, ?>) s.get("engine-" + kind);
                return r != null && r.get("roundTripTime") != null && r.get("fractionLost") != null;
            });
        }
        // And the browser's about ours reach the engine: CallStats says what the customer receives.
        await("the customer's receiver reports in the engine's statistics", () -> stats().customerReceives().known());
        assertThat(stats().customerReceives().lossPercent()).isBetween(0.0, 100.0);
        assertThat(stats().customerReceives().videoJitterMs()).isGreaterThanOrEqualTo(0);
        await("the browser's bandwidth estimate (REMB) in the engine's statistics",
                () -> stats().customerReceives().estimatedKbps() > 0);
        assertThat(call.phase()).isEqualTo(CallPhase.CONNECTED);
        assertThat(observer.phases).containsSubsequence(CallPhase.CONNECTING, CallPhase.CONNECTED);
        List<Integer> ports = answerPorts();

        call.hangUp();

        await("the advisor's side ended", () -> observer.end != null);
        assertThat(observer.end.reason()).isEqualTo(CallEnd.Reason.ADVISOR_HUNG_UP);
        awaitPage("the customer sees the call ended", "ended");
        assertThat(text("ended-text")).contains("hat das Gespräch beendet");
        Appointment done = awaitStatus(a.id(), AppointmentStatus.COMPLETED);
        assertThat(done.durationSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(done.callEndedAt()).isAfterOrEqualTo(done.callStartedAt());
        await("the call's threads end", () -> callThreads().isEmpty());
        for (int port : ports) {
            try (DatagramSocket reuse = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                assertThat(reuse.getLocalPort()).as("port %d is free again", port).isEqualTo(port);
            }
        }

        // The link of a completed appointment is expired: a friendly page with 410, and no signalling.
        HttpResponse<String> page = get("j/" + token(a));
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("nicht mehr gültig");
        assertThat(signalUpgradeStatus(token(a))).isEqualTo(410);
    }

    /**
     * The customer's browser ramps up on the engine's transport feedback (its own send-side estimate with
     * probing, as toward another Chromium; with the engine's REMB alone it stayed near 530 kbit/s): its estimate of
     * the path to the engine passes 1 Mbit/s. Seen on a quiet machine: already when the engine has decoded the
     * first frames (the start-up probes are evaluated on our feedback); {@link #RAMP_UP} leaves room for a loaded
     * 2-core machine. The send rate itself is printed only: the fake camera's simple picture needs less.
     */
    private void customersBrowserRampsUpOnTheEnginesTransportFeedback() {
        long start = System.nanoTime();
        Poll.until("the customer's browser estimates over 1 Mbit/s toward the engine", RAMP_UP,
                () -> number(browserStats(), "pair", "availableOutgoingBitrate") > 1_000_000);
        long rampMs = (System.nanoTime() - start) / 1_000_000;
        Map<String, Object> s0 = browserStats();
        await("two more seconds", () -> browserMillis(browserStats()) - browserMillis(s0) >= 2000);
        Map<String, Object> s1 = browserStats();
        double sendKbps = 8 * (number(s1, "sent-video", "bytesSent") - number(s0, "sent-video", "bytesSent"))
                / (browserMillis(s1) - browserMillis(s0));
        System.out.printf("transport-cc: the browser's estimate passed 1 Mbit/s %d ms after the engine decoded 10 frames;"
                        + " then it sent video at %.0f kbit/s (estimate %.0f kbit/s); the engine sent %d feedback packets%n",
                rampMs, sendKbps, number(s1, "pair", "availableOutgoingBitrate") / 1000, stats().transportFeedbackSent());
        assertThat(stats().transportFeedbackSent()).as("transport feedback packets the engine sent").isPositive();
        // The browser estimates its rate itself: a REMB from the engine would cap it, so the engine sends none.
        assertThat(stats().customerSendEstimateKbps()).as("no REMB from the engine").isEqualTo(-1);
    }

    /**
     * The advisor's microphone delivers 10 ms at a time (PulseAudioServer's real-time pipe source), so the
     * engine sends one Opus packet per 20 ms and the browser plays it out without filling gaps: on loopback
     * 45-55 packets/s arrive in the browser and it conceals under 5 % of what it plays.
     */
    @Test
    void advisorAudioFlowsInRealTimeAndTheBrowserHardlyConcealsAnything(PulseAudioServer pulse) throws Exception {
        Appointment a = nextAppointment();
        customerEntersWaitingRoom(a);
        await("waiting", () -> appointment(a.id()).status() == AppointmentStatus.CUSTOMER_WAITING);
        call = calls.start(a.id(), camera, sink, observer);
        awaitBrowser("the advisor's audio is played in the browser", s -> number(s, "audio", "totalSamplesReceived") > 48_000);
        await("the engine's statistics", () -> stats() != null && stats().audioOut().packets() > 0);
        // Measure over a window that starts after the jitter buffer settled, timed by the statistics themselves.
        CallStats s0 = stats();
        Map<String, Object> browser0 = browserStats();
        await("eight seconds of call", () -> Duration.between(s0.at(), stats().at()).toMillis() >= 8000);
        CallStats s1 = stats();
        Map<String, Object> browser1 = browserStats();
        double seconds = Duration.between(s0.at(), s1.at()).toMillis() / 1e3;
        double packetsPerSecond = (s1.audioOut().packets() - s0.audioOut().packets()) / seconds;
        double browserSeconds = (browserMillis(browser1) - browserMillis(browser0)) / 1e3;
        double arrivingPerSecond = (number(browser1, "audio", "packetsReceived") - number(browser0, "audio", "packetsReceived"))
                / browserSeconds;
        double received = number(browser1, "audio", "totalSamplesReceived") - number(browser0, "audio", "totalSamplesReceived");
        double concealed = number(browser1, "audio", "concealedSamples") - number(browser0, "audio", "concealedSamples");
        System.out.printf("real-time audio: engine sends %.1f packets/s, %.1f/s arrive, browser conceals %.2f %%%n",
                packetsPerSecond, arrivingPerSecond, 100 * concealed / received);
        assertThat(pulse.tone().failure()).isNull();
        // On loopback nothing is lost, so what arrives is what the engine sent; the browser's clock times it
        // closely, the engine's once-a-second statistics do not (their counts and stamps drift apart under
        // load: 44-69 packets/s by them while 50.1/s arrived), so they are printed only.
        assertThat(arrivingPerSecond).as("Opus packets per second from the engine, arriving (one per 20 ms)")
                .isBetween(45.0, 55.0);
        assertThat(received).as("samples the browser played in the window").isGreaterThan(7 * 48_000.0);
        assertThat(concealed / received).as("share of the advisor's audio the browser concealed").isLessThan(0.05);
        assertThat(number(browser1, "audio", "totalAudioEnergy")).as("the tone is audible").isGreaterThan(0);
    }

    @Test
    void advisorHangingUpWhileTheServerIsAwayCompletesTheAppointmentOnceItIsBack() throws Exception {
        Appointment a = nextAppointment();
        customerEntersWaitingRoom(a);
        await("waiting", () -> appointment(a.id()).status() == AppointmentStatus.CUSTOMER_WAITING);
        call = calls.start(a.id(), camera, sink, observer);
        await("connected", () -> call.phase() == CallPhase.CONNECTED);

        server.stop();
        await("the app notices the server is gone", () -> !connection.state().online());
        call.hangUp();
        await("the advisor's side ended", () -> observer.end != null);
        assertThat(observer.end.reason()).isEqualTo(CallEnd.Reason.ADVISOR_HUNG_UP);

        server.start();
        Appointment done = awaitStatus(a.id(), AppointmentStatus.COMPLETED);
        assertThat(done.durationSeconds()).isNotNull();
    }

    @Test
    void customerHangsUpAndTheAppointmentCompletes() throws Exception {
        Appointment a = nextAppointment();
        customerEntersWaitingRoom(a);
        await("waiting", () -> appointment(a.id()).status() == AppointmentStatus.CUSTOMER_WAITING);
        call = calls.start(a.id(), camera, sink, observer);
        await("connected", () -> call.phase() == CallPhase.CONNECTED);

        click("hangup");
        click("hangup-yes");

        await("the advisor hears the customer hung up", () -> observer.end != null);
        assertThat(observer.end.reason()).isEqualTo(CallEnd.Reason.CUSTOMER_HUNG_UP);
        awaitPage("the customer's page says it is over", "ended");
        assertThat(text("ended-text")).contains("Sie haben das Gespräch beendet");
        assertThat(awaitStatus(a.id(), AppointmentStatus.COMPLETED).durationSeconds()).isNotNull();
    }

    @Test
    void lostMediaShowsInterruptedOnBothSidesAndAFreshOfferRecovers() throws Exception {
        Appointment a = nextAppointment();
        customerEntersWaitingRoom(a);
        await("waiting", () -> appointment(a.id()).status() == AppointmentStatus.CUSTOMER_WAITING);
        call = calls.start(a.id(), camera, sink, observer);
        await("connected", () -> call.phase() == CallPhase.CONNECTED);
        String firstAnswer = lastAnswerUfrag();

        // The customer's media path vanishes without any signalling (as when a phone drops off the network):
        // the page's peer connection stops, nothing else is said.
        long blockedAt = System.nanoTime();
        chromium.driver().executeScript("const pc = window.joinPage.peerConnection();"
                + "pc.onconnectionstatechange = null; pc.close();");

        await("the advisor's side shows the interruption", () -> call.phase() == CallPhase.INTERRUPTED);
        long advisorNoticedMs = (System.nanoTime() - blockedAt) / 1_000_000;
        await("the page shows \"Verbindung unterbrochen\"",
                () -> !(Boolean) chromium.driver().executeScript("return document.getElementById('call-banner').hidden"));
        assertThat(text("call-banner")).contains("Verbindung unterbrochen");
        assertThat(advisorNoticedMs).as("interruption noticed within interruptedAfter + 1 s").isLessThan(5000);

        await("the call recovers with a fresh offer", () -> call.phase() == CallPhase.CONNECTED);
        awaitBrowser("video flows again in the browser", s -> number(s, "video", "framesDecoded") > 10);
        await("the banner goes away",
                () -> (Boolean) chromium.driver().executeScript("return document.getElementById('call-banner').hidden"));
        assertThat(lastAnswerUfrag()).isNotEqualTo(firstAnswer);
        assertThat(appointment(a.id()).status()).as("a reconnect does not end the call").isEqualTo(AppointmentStatus.IN_CALL);
        assertThat(observer.end).isNull();
    }

    @Test
    void consentComesFirstAndNeitherASecondBrowserNorAForeignAdvisorNorAnotherLinkGetsIn() throws Exception {
        Appointment a = nextAppointment();
        ChromeDriver d = chromium.driver();
        d.get(joinUrl(a));
        awaitPage("the data-protection information comes first", "info");
        assertThat(d.findElement(By.id("s-info")).getText()).contains("nicht aufgezeichnet", "Ihre Rechte");
        assertThat(d.executeScript("return document.getElementById('check-self').srcObject === null")).isEqualTo(true);
        assertThat(signalUpgradeStatus(token(a))).as("no signalling before consent").isEqualTo(403);
        assertThat(post("api/v1/join/" + token(a) + "/check",
                "{\"camera\":true,\"microphone\":true,\"speaker\":true,\"connection\":\"good\"}").statusCode())
                .as("no device check before consent").isEqualTo(403);

        customerEntersWaitingRoom(a);
        String first = d.getWindowHandle();
        d.switchTo().newWindow(WindowType.TAB);
        try {
            customerChecksIn(a);
            awaitPage("the second browser is told the link is in use", "taken");
            assertThat(text("h-taken")).isEqualTo("Dieser Link ist bereits in einem Gespräch geöffnet");
        } finally {
            d.close();
            d.switchTo().window(first);
        }
        assertThat(d.findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("waiting");
        assertThat(appointment(a.id()).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);

        // The team lead is signed in but is not this appointment's advisor.
        ApiClient lead = new ApiClient(server.baseUri());
        lead.login("demo.teamleitung", "demo");
        BlockingQueue<ServerEvent> leadEvents = new LinkedBlockingQueue<>();
        WebSocket leadSocket = lead.openEvents(leadEvents::add, e -> { });
        try {
            leadSocket.sendText(Json.mapper().writeValueAsString(new CallSignal.Start(a.id())), true).join();
            assertThat(nextOfType(leadEvents, ServerEvent.CallRefused.class).code()).isEqualTo("UNKNOWN_APPOINTMENT");
        } finally {
            leadSocket.abort();
        }
        assertThat(appointment(a.id()).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
        assertThat(text("h-waiting")).isEqualTo("Sie sind im Warteraum");

        // The advisor starts the call ...
        call = calls.start(a.id(), camera, sink, observer);
        await("connected", () -> call.phase() == CallPhase.CONNECTED);
        int offersBefore = offers(a.id());

        // ... while the holder of another appointment's link offers media: its own appointment is not in a call,
        // and nothing it sends reaches the running call.
        Appointment other = nextAppointment();
        assertThat(post("api/v1/join/" + token(other) + "/consent", "{\"textVersion\":\"2026-12-v2\"}").statusCode())
                .isEqualTo(204);
        BlockingQueue<String> otherMessages = new LinkedBlockingQueue<>();
        WebSocket intruder = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(signalUri(token(other), "eindringling1"), new TextCollector(otherMessages)).join();
        try {
            assertThat(otherMessages.poll(10, TimeUnit.SECONDS)).contains("\"welcome\"");
            intruder.sendText("{\"type\":\"offer\",\"appointmentId\":" + a.id() + ",\"sdp\":\"v=0\"}", true).join();
            intruder.sendText("{\"type\":\"hangup\",\"appointmentId\":" + a.id() + "}", true).join();
            assertThat(otherMessages.poll(10, TimeUnit.SECONDS)).contains("\"refused\"");
            assertThat(otherMessages.poll(10, TimeUnit.SECONDS)).contains("\"refused\"");
        } finally {
            intruder.abort();
        }
        assertThat(offers(a.id())).isEqualTo(offersBefore);
        assertThat(appointment(a.id()).status()).isEqualTo(AppointmentStatus.IN_CALL);
        assertThat(call.phase()).isEqualTo(CallPhase.CONNECTED);
    }

    @Test
    void unknownAndExpiredLinksGetFriendlyPagesAndNoSignalling() throws Exception {
        String unknown = "A".repeat(43);
        HttpResponse<String> page = get("j/" + unknown);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Dieser Link ist uns nicht bekannt");
        assertThat(signalUpgradeStatus(unknown)).isEqualTo(404);

        Appointment a = nextAppointment();
        advisor.changeStatus(a.id(), StatusChange.to(AppointmentStatus.CANCELLED));
        chromium.driver().get(joinUrl(a));
        assertThat(text("h")).isEqualTo("Dieser Link ist nicht mehr gültig");
        assertThat(post("api/v1/join/" + token(a) + "/consent", "{\"textVersion\":\"2026-12-v2\"}").statusCode())
                .isEqualTo(410);
    }

    // --- the customer's steps ------------------------------------------------------------------

    private static void customerEntersWaitingRoom(Appointment a) throws InterruptedException {
        chromium.driver().get(joinUrl(a));
        customerChecksIn(a);
        awaitPage("the waiting room", "waiting");
        assertThat(text("s-waiting")).contains("Ihre Beraterin / Ihr Berater holt Sie gleich ab");
    }

    /** Consent, the device check, on to the waiting room. */
    private static void customerChecksIn(Appointment a) throws InterruptedException {
        ChromeDriver d = chromium.driver();
        if (!d.getCurrentUrl().equals(joinUrl(a))) {
            d.get(joinUrl(a));
        }
        awaitPage("the information page", "info");
        click("consent");
        awaitPage("the device check", "check");
        await("camera and microphone checked", () -> "ok".equals(attribute("check-camera", "data-result"))
                && "ok".equals(attribute("check-microphone", "data-result")));
        click("play-tone");
        click("tone-heard");
        await("the check is complete", () -> d.findElement(By.id("to-waiting")).isEnabled());
        click("to-waiting");
    }

    // --- helpers -------------------------------------------------------------------------------

    private static synchronized Appointment nextAppointment() {
        assertThat(unused).as("enough scheduled video appointments in the demo day").isNotEmpty();
        return unused.pop();
    }

    private static String joinUrl(Appointment a) {
        return a.joinUrl();
    }

    private static String token(Appointment a) {
        return a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
    }

    private static Appointment appointment(long id) {
        try {
            return advisor.appointments(TODAY).stream().filter(x -> x.id() == id).findFirst().orElseThrow();
        } catch (ApiException e) {
            throw new IllegalStateException("the advisor's day cannot be read", e);
        }
    }

    private static Appointment awaitStatus(long id, AppointmentStatus status) throws Exception {
        await("appointment " + id + " becomes " + status, () -> appointment(id).status() == status);
        return appointment(id);
    }

    private static int offers(long id) {
        return (int) advisorEvents.stream()
                .filter(e -> e instanceof ServerEvent.CallOffer o && o.appointmentId() == id).count();
    }

    private CallStats stats() {
        return call.latestStats();
    }

    private String lastAnswerUfrag() {
        String sdp = (String) chromium.driver().executeScript(
                "const pc = window.joinPage.peerConnection(); return pc && pc.remoteDescription ? pc.remoteDescription.sdp : null;");
        return sdp == null ? null : SessionDescription.parse(sdp).media().get(0).iceUfrag();
    }

    private List<Integer> answerPorts() {
        String sdp = (String) chromium.driver().executeScript(
                "return window.joinPage.peerConnection().remoteDescription.sdp;");
        List<Integer> ports = new ArrayList<>();
        for (MediaDescription m : SessionDescription.parse(sdp).media()) {
            for (IceCandidate c : m.candidates()) {
                ports.add(c.port());
            }
        }
        return ports;
    }

    private static Set<String> callThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.matches("call-\\d+-.*"))
                .collect(Collectors.toSet());
    }

    private static void click(String id) {
        chromium.driver().findElement(By.id(id)).click();
    }

    private static String text(String id) {
        return chromium.driver().findElement(By.id(id)).getText();
    }

    private static String attribute(String id, String name) {
        return chromium.driver().findElement(By.id(id)).getAttribute(name);
    }

    private static void awaitPage(String what, String state) throws InterruptedException {
        await(what + " (page state '" + state + "')", () -> state.equals(
                chromium.driver().findElement(By.tagName("body")).getAttribute("data-state")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> browserStats() {
        return (Map<String, Object>) chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const pc = window.joinPage.peerConnection(); const out = {at: performance.now()};"
                        + "if (!pc) { done(out); return; }"
                        + "pc.getStats().then(r => { r.forEach(s => { if (s.type === 'inbound-rtp') out[s.kind] = {"
                        + " packetsReceived: s.packetsReceived || 0, framesDecoded: s.framesDecoded || 0,"
                        + " totalAudioEnergy: s.totalAudioEnergy || 0, totalSamplesReceived: s.totalSamplesReceived || 0,"
                        + " concealedSamples: s.concealedSamples || 0};"
                        // What the engine's receiver reports told the browser about its streams.
                        + " if (s.type === 'remote-inbound-rtp') out['engine-' + s.kind] = {"
                        + " roundTripTime: s.roundTripTime, fractionLost: s.fractionLost};"
                        + " if (s.type === 'outbound-rtp' && s.kind === 'video') out['sent-video'] = {bytesSent: s.bytesSent};"
                        + " if (s.type === 'candidate-pair' && s.availableOutgoingBitrate) out.pair = {"
                        + " availableOutgoingBitrate: Math.max(s.availableOutgoingBitrate,"
                        + " (out.pair || {}).availableOutgoingBitrate || 0)};"
                        + " }); done(out); }, e => done(out));");
    }

    /** When the browser took these statistics, in ms of its page clock. */
    private static double browserMillis(Map<String, Object> stats) {
        return ((Number) stats.get("at")).doubleValue();
    }

    private static double number(Map<String, Object> stats, String kind, String field) {
        Map<?, ?> m = (Map<?, ?>) stats.get(kind);
        return m == null || m.get(field) == null ? 0 : ((Number) m.get(field)).doubleValue();
    }

    private static void awaitBrowser(String what, Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        await(what, () -> condition.test(browserStats()));
    }

    static void await(String what, BooleanSupplier condition) {
        Poll.until(what, WAIT, condition);
    }

    private static <T extends ServerEvent> T nextOfType(BlockingQueue<ServerEvent> events, Class<T> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServerEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " arrived");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI signalUri(String token, String page) {
        return URI.create(server.baseUri().toString().replaceFirst("^http", "ws")
                + "api/v1/join/" + token + "/signal?page=" + page);
    }

    /** The HTTP status with which the signalling socket of {@code token} is refused, or 101 if it opens. */
    private static int signalUpgradeStatus(String token) {
        try {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(signalUri(token, "pruefseite1"), new TextCollector(new LinkedBlockingQueue<>())).join();
            ws.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static final class TextCollector implements WebSocket.Listener {
        private final BlockingQueue<String> messages;

        TextCollector(BlockingQueue<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            messages.add(data.toString());
            webSocket.request(1);
            return null;
        }
    }

    static final class LatestFrame implements VideoFrameSink {
        volatile VideoFrame latest;

        @Override
        public void accept(VideoFrame frame) {
            latest = frame;
        }
    }
}
