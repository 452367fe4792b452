package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.videoberatung.media.sdp.IceCandidate;
import de.videoberatung.media.sdp.MediaDescription;
import de.videoberatung.media.sdp.SessionDescription;
import de.videoberatung.media.video.VideoFrame;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.PulseAudioServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The engine as the advisor against headless Chromium as the customer, on loopback, with a real
 * PulseAudio server whose virtual microphone carries a 440 Hz tone. Signalling is a plain HTTP
 * POST of the offer here; the server's signalling is tested on its own.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class CallEngineBrowserTest {

    private static CallEngine engine;
    private static HeadlessChromium chromium;
    private static HttpServer http;
    private static final AtomicReference<CallSession> session = new AtomicReference<>();
    private static final AtomicReference<String> offerSeen = new AtomicReference<>();
    private static volatile LatestFrameSink sink;
    private static volatile RecordingListener listener;

    @BeforeAll
    static void startEverything(PulseAudioServer pulse) throws Exception {
        // The advisor's microphone is the server's 440 Hz tone source.
        pulse.run("set-default-source", PulseAudioServer.TONE_SOURCE);
        pulse.run("set-default-sink", PulseAudioServer.SINK);
        engine = CallEngine.start(CallEngineConfig.loopback());
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", CallEngineBrowserTest::servePage);
        http.createContext("/offer", CallEngineBrowserTest::answerOffer);
        http.start();
        chromium = HeadlessChromium.start(Map.of("PULSE_SERVER", System.getenv("PULSE_SERVER")));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (http != null) {
            http.stop(0);
        }
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void endCall() {
        CallSession s = session.getAndSet(null);
        if (s != null) {
            s.hangUp();
        }
        chromium.driver().executeScript("if (pc) { pc.close(); pc = null; }");
    }

    @Test
    void audioAndVideoFlowBothWays() throws Exception {
        startCall();

        awaitBrowser("the advisor's video decoded in the browser", s -> framesDecoded(s) > 10);
        awaitBrowser("the advisor's audio received in the browser", s -> audioPackets(s) > 50);
        await("the customer's video decoded by the engine",
                () -> listener.latest() != null && listener.latest().videoIn().frames() > 10);
        await("the customer's audio received by the engine",
                () -> listener.latest() != null && listener.latest().audioIn().packets() > 50);

        VideoFrame first = sink.latest();
        await("the customer's picture changes", () -> sink.latest().sequence() > first.sequence() + 5
                && !Arrays.equals(sink.latest().argb(), first.argb()));
        assertThat(first.width()).isEqualTo(640);
        assertThat(first.height()).isEqualTo(480);
        Map<String, Object> browser = browserStats();
        assertThat(((Number) ((Map<?, ?>) browser.get("video")).get("frameWidth")).intValue()).isEqualTo(640);
        assertThat(((Number) ((Map<?, ?>) browser.get("audio")).get("totalAudioEnergy")).doubleValue())
                .as("the tone from the advisor's microphone is audible").isGreaterThan(0);
        CallStats stats = listener.latest();
        assertThat(stats.videoOut().frames()).isPositive();
        assertThat(stats.videoOut().bitrateKbps()).isPositive();
        assertThat(stats.audioOut().packets()).isPositive();
        await("a round-trip time from RTCP", () -> listener.latest().roundTripMs() >= 0);
        assertThat(session.get().state()).isEqualTo(CallState.CONNECTED);
        assertThat(listener.states).startsWith(CallState.CONNECTED);
    }

    @Test
    void freshOfferFromTheBrowserKeepsTheCallGoing() throws Exception {
        startCall();
        await("first media", () -> listener.latest() != null && listener.latest().videoIn().frames() > 5);
        String firstOffer = offerSeen.get();

        // The customer's page reconnects with a new peer connection, as after a network change.
        callFromBrowser();
        awaitBrowser("video after the fresh offer", s -> framesDecoded(s) > 10);
        long framesBefore = listener.latest().videoIn().frames();
        await("the engine decodes the new connection's video",
                () -> listener.latest().videoIn().frames() > framesBefore + 10);
        assertThat(ufrag(offerSeen.get())).isNotEqualTo(ufrag(firstOffer));
        assertThat(listener.states).doesNotContain(CallState.LOST, CallState.ENDED);
    }

    @Test
    void hangingUpReleasesSocketsAndThreads() throws Exception {
        startCall();
        await("media", () -> listener.latest() != null && listener.latest().videoIn().frames() > 5);
        CallSession s = session.get();
        List<Integer> ports = answerPorts(s.answerSdp());
        assertThat(ports).hasSize(2);

        s.hangUp();

        assertThat(s.state()).isEqualTo(CallState.ENDED);
        assertThat(listener.states).endsWith(CallState.ENDED);
        await("the call's threads end", () -> callThreads().isEmpty());
        for (int port : ports) {
            try (DatagramSocket reuse = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                assertThat(reuse.getLocalPort()).as("port %d is free again", port).isEqualTo(port);
            }
        }
        awaitBrowser("the browser notices the advisor is gone",
                st -> Set.of("disconnected", "failed").contains(st.get("connectionState")));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static void startCall() {
        sink = new LatestFrameSink();
        listener = new RecordingListener();
        ChromeDriver d = chromium.driver();
        d.get("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        callFromBrowser();
    }

    private static void callFromBrowser() {
        Object result = chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "call().then(() => done('ok'), e => done('error: ' + e));");
        assertThat(result).isEqualTo("ok");
    }

    private static void servePage(HttpExchange ex) throws IOException {
        try (InputStream in = CallEngineBrowserTest.class.getResourceAsStream("call-test.html")) {
            byte[] page = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
        } finally {
            ex.close();
        }
    }

    private static void answerOffer(HttpExchange ex) throws IOException {
        try {
            String offer = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            offerSeen.set(offer);
            CallSession current = session.get();
            String answer;
            if (current == null) {
                current = engine.answer(offer, new MovingPatternCamera(640, 480), sink, listener);
                session.set(current);
                answer = current.answerSdp();
            } else {
                answer = current.renegotiate(offer);
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } catch (CallSetupException e) {
            ex.sendResponseHeaders(400, -1);
        } finally {
            ex.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> browserStats() {
        return (Map<String, Object>) chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1]; inboundStats().then(done, e => done({error: '' + e}));");
    }

    private static long framesDecoded(Map<String, Object> s) {
        Map<?, ?> v = (Map<?, ?>) s.get("video");
        return v == null ? 0 : ((Number) v.get("framesDecoded")).longValue();
    }

    private static long audioPackets(Map<String, Object> s) {
        Map<?, ?> a = (Map<?, ?>) s.get("audio");
        return a == null ? 0 : ((Number) a.get("packetsReceived")).longValue();
    }

    private static void awaitBrowser(String what, java.util.function.Predicate<Map<String, Object>> condition)
            throws InterruptedException {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        await(what + " (last browser stats: " + last + ")", () -> {
            last.set(browserStats());
            return condition.test(last.get());
        });
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static Set<String> callThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("call-") && !n.equals("call-engine-init"))
                .collect(Collectors.toSet());
    }

    private static List<Integer> answerPorts(String answer) {
        List<Integer> ports = new ArrayList<>();
        for (MediaDescription m : SessionDescription.parse(answer).media()) {
            for (IceCandidate c : m.candidates()) {
                ports.add(c.port());
            }
        }
        return ports;
    }

    private static String ufrag(String sdp) {
        return SessionDescription.parse(sdp).media().get(0).iceUfrag();
    }

    /** Keeps the latest remote frame, as the JavaFX bridge does. */
    static final class LatestFrameSink implements de.videoberatung.media.video.VideoFrameSink {
        private volatile VideoFrame latest;

        @Override
        public void accept(VideoFrame frame) {
            latest = frame;
        }

        VideoFrame latest() {
            return latest;
        }
    }

    static final class RecordingListener implements CallListener {
        final List<CallState> states = new CopyOnWriteArrayList<>();
        private volatile CallStats latest;

        @Override
        public void stateChanged(CallState state) {
            states.add(state);
        }

        @Override
        public void statistics(CallStats stats) {
            latest = stats;
        }

        CallStats latest() {
            return latest;
        }
    }
}
