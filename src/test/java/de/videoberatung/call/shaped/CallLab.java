package de.videoberatung.call.shaped;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.call.ActiveCall;
import de.videoberatung.call.CallObserver;
import de.videoberatung.call.CallService;
import de.videoberatung.media.call.CallEngine;
import de.videoberatung.media.call.CallEngineConfig;
import de.videoberatung.media.call.IceServers;
import de.videoberatung.media.camera.CameraClip;
import de.videoberatung.media.camera.OpenCamera;
import de.videoberatung.media.camera.TestCameras;
import de.videoberatung.media.camera.TestbildDriver;
import de.videoberatung.media.camera.VideoSize;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.VideoFrameSink;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.TestCertificates;
import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.netlab.NetLab;
import de.videoberatung.testsupport.netlab.TcpForwarder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The advisor's side of calls over a {@link NetLab}: the real demo server (on loopback, reached from the
 * customer's namespace through the lab's forwarder), the libjitsi engine with ice4j restricted to the lab's
 * root-side address (so every call crosses the shaped link), the product's {@link CallService}, and the
 * camera-like Testbild at 640x480, 20 fps; the customer's Chromium gets the same picture as a Y4M clip.
 * One per JVM (ice4j's address filter and libjitsi are process-wide); the labs come and go per test.
 */
public final class CallLab implements AutoCloseable {

    public static final int FPS = 20;
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    private final CallEngine engine;
    private final ConsultationServer server;
    private final ApiClient advisor;
    private final ScheduledExecutorService scheduler;
    private final ServerConnection connection;
    private final CallService calls;
    private final OpenCamera camera;
    private final CameraFeed feed;
    private final Path clip;
    private final Deque<Appointment> unused = new ArrayDeque<>();
    private final String turnSecret;
    private final TestCertificates turnCertificate;

    private CallLab(CallEngine engine, ConsultationServer server, ApiClient advisor, ScheduledExecutorService scheduler,
                    ServerConnection connection, CallService calls, OpenCamera camera, Path clip, String turnSecret,
                    TestCertificates turnCertificate) {
        this.turnSecret = turnSecret;
        this.turnCertificate = turnCertificate;
        this.engine = engine;
        this.server = server;
        this.advisor = advisor;
        this.scheduler = scheduler;
        this.connection = connection;
        this.calls = calls;
        this.camera = camera;
        this.feed = atRate(camera, FPS);
        this.clip = clip;
    }

    /**
     * The engine without ICE servers (host candidates on the lab's root address).
     *
     * @param dir for the server's data and the clip
     */
    public static CallLab start(PulseAudioServer pulse, Path dir) throws Exception {
        return start(pulse, dir, false);
    }

    /**
     * @param dir for the server's data and the clip
     * @param engineAsksForIceServers the engine gets its STUN/TURN servers from the server, as the app does
     *     ({@code GET /api/v1/ice-servers}: coturn over UDP and TCP on the lab's root address)
     */
    public static CallLab start(PulseAudioServer pulse, Path dir, boolean engineAsksForIceServers) throws Exception {
        pulse.run("set-default-source", PulseAudioServer.TONE_SOURCE);
        pulse.run("set-default-sink", PulseAudioServer.SINK);
        NetLab.restrictIceToLab();
        Path clip = CameraClip.write(dir.resolve("kunde.y4m"), "Kunde", VideoSize.VGA, FPS);
        CompletableFuture<ApiClient> signedIn = new CompletableFuture<>();
        // The labs' coturn over TLS, with a certificate for the root address that the engine trusts.
        TestCertificates turnCertificate = TestCertificates.rsaFor(NetLab.rootAddress());
        CallEngine engine = CallEngine.start(engineAsksForIceServers
                ? CallEngineConfig.defaults(() -> signedIn.get(5, TimeUnit.SECONDS).iceServers())
                        .withTurnTls(turnCertificate.trustingContext())
                : CallEngineConfig.defaults(IceServers.Source.none()));
        ServerOptions.Builder options = ServerOptions.builder(Files.createDirectories(dir.resolve("server")))
                .demo(true).demoTime(LocalTime.of(7, 0));
        // TURN as a deployment has it (UDP and TCP on coturn's port at the lab's root address); each lab
        // starts its coturn with this secret, and the page gets fresh credentials in its join state.
        String secret = "netlab-" + Long.toHexString(new SecureRandom().nextLong());
        String turnHost = NetLab.rootAddress().getHostAddress() + ":" + Coturn.PORT;
        List<String> turnUrls = new ArrayList<>(List.of("turn:" + turnHost + "?transport=udp", "turn:" + turnHost + "?transport=tcp"));
        if (engineAsksForIceServers) {
            turnUrls.add("turns:" + NetLab.rootAddress().getHostAddress() + ":" + Coturn.TLS_PORT + "?transport=tcp");
        }
        options.turn(turnUrls, secret);
        ConsultationServer server = ConsultationServer.create(options.build()).start();
        ApiClient advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
        signedIn.complete(advisor);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "calllab-events"));
        ServerConnection connection = new ServerConnection(advisor, scheduler, Clock.systemUTC(), c -> false);
        CompletableFuture<Void> online = new CompletableFuture<>();
        connection.onEvent(e -> online.complete(null));
        connection.start();
        online.get(20, TimeUnit.SECONDS);
        TestbildDriver testbild = TestCameras.testbild();
        if (!testbild.isPlugged(TestbildDriver.MOVING_NAME)) {
            testbild.plugMoving(TestbildDriver.MOVING_NAME);
        }
        // The camera service sees a newly plugged camera at its next discovery scan.
        Poll.until("the camera-like Testbild listed", Duration.ofSeconds(20), () -> TestCameras.service().cameras()
                .join().stream().anyMatch(c -> c.name().equals(TestbildDriver.MOVING_NAME)));
        OpenCamera camera = TestCameras.service().open(TestbildDriver.MOVING_NAME, VideoSize.VGA).get(20, TimeUnit.SECONDS);
        CallLab lab = new CallLab(engine, server, advisor, scheduler, connection,
                new CallService(engine, connection, Clock.systemUTC()), camera, clip, secret, turnCertificate);
        lab.unused.addAll(advisor.appointments(TODAY).stream()
                .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED).toList());
        return lab;
    }

    /** The customer's Chromium inside the lab's namespace, its camera the clip, driven over a pipe. */
    public HeadlessChromium customerBrowser(NetLab lab) throws IOException {
        return HeadlessChromium.start(env(), lab.chromiumWrapper(), List.of(
                "--use-file-for-fake-video-capture=" + clip, "--remote-debugging-pipe", NetLab.trustedOriginsSwitch()));
    }

    /** A Chromium on the root side (the reference advisor), with the same clip as its camera. */
    public HeadlessChromium rootBrowser() throws IOException {
        return HeadlessChromium.start(env(), Path.of("/usr/bin/chromium"), List.of(
                "--use-file-for-fake-video-capture=" + clip, NetLab.trustedOriginsSwitch()));
    }

    private static Map<String, String> env() {
        return Map.of("PULSE_SERVER", System.getenv("PULSE_SERVER"));
    }

    public Path clip() {
        return clip;
    }

    /** The secret the server issues TURN credentials with: start each lab's coturn with it. */
    public String turnSecret() {
        return turnSecret;
    }

    /**
     * The certificate for a lab's coturn over TLS ({@code NetLab.startCoturn(secret, certificate)}); the engine
     * trusts it when started with {@code engineAsksForIceServers}, whose server then also hands out
     * {@code turns:} on {@link Coturn#TLS_PORT}.
     */
    public TestCertificates turnCertificate() {
        return turnCertificate;
    }

    /** Makes the server reachable from the lab's namespace. */
    public TcpForwarder forwardServer(NetLab lab) throws IOException {
        return lab.forward(server.baseUri().getPort());
    }

    public synchronized Appointment nextAppointment() {
        if (unused.isEmpty()) {
            throw new IllegalStateException("no scheduled video appointment left in the demo day");
        }
        return unused.pop();
    }

    /** The appointment's join link as the customer in the lab reaches it (through {@code forwarder}). */
    public String joinUrl(Appointment a, TcpForwarder forwarder) {
        String base = server.baseUri().toString();
        String via = "http://" + forwarder.address().getAddress().getHostAddress() + ":" + forwarder.address().getPort() + "/";
        if (!a.joinUrl().startsWith(base)) {
            throw new IllegalStateException("join link not on the server's address: " + a.joinUrl());
        }
        return via + a.joinUrl().substring(base.length());
    }

    /** Consent, device check, waiting room: as a customer does it. */
    public static void enterWaitingRoom(ChromeDriver d, String joinUrl) {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));
        d.get(joinUrl);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("consent"))).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("check-microphone"), "data-result", "ok"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("play-tone"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tone-heard"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("to-waiting"))).click();
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "waiting"));
    }

    /** The advisor starts the call the product's way, with the camera-like Testbild. */
    public ActiveCall startCall(Appointment a, VideoFrameSink sink, CallObserver observer) throws Exception {
        return calls.start(a.id(), feed, sink, observer);
    }

    public AppointmentStatus status(long appointmentId) {
        try {
            return advisor.appointments(TODAY).stream().filter(x -> x.id() == appointmentId).findFirst()
                    .orElseThrow().status();
        } catch (ApiException e) {
            throw new IllegalStateException("the advisor's day cannot be read", e);
        }
    }

    /** After a test: the advisor hangs up, the customer's browser and the lab go (each may be null). */
    public static void tearDown(ActiveCall call, HeadlessChromium customer, NetLab lab) throws Exception {
        try {
            if (call != null) {
                call.hangUp();
            }
            if (customer != null) {
                customer.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** The page's expression for its current peer connection. */
    public static final String JOIN_PAGE_PC = "window.joinPage.peerConnection()";

    @Override
    public void close() {
        calls.close();
        connection.close();
        scheduler.shutdownNow();
        server.close();
        camera.close();
        engine.close();
    }

    /** {@code camera} as a feed the engine pulls at {@code fps} (e.g. the frame rate of the customer's clip). */
    public static CameraFeed atRate(CameraFeed camera, int fps) {
        return new AtRate(camera, fps);
    }

    private record AtRate(CameraFeed camera, int fps) implements CameraFeed {
        @Override
        public int width() {
            return camera.width();
        }

        @Override
        public int height() {
            return camera.height();
        }

        @Override
        public int frameRate() {
            return fps;
        }

        @Override
        public BufferedImage latestImage() {
            return camera.latestImage();
        }
    }
}
