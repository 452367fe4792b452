package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import de.videoberatung.media.sdp.MediaDescription;
import de.videoberatung.media.sdp.SessionDescription;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine's video sender against a real Chromium on loopback, fed a camera-like picture:
 * the SSRCs it announces are the ones it sends; a key-frame request is answered within
 * {@link #KEY_FRAME_BOUND_MS} and the browser decodes the new key frame; packets lost on the way
 * (dropped after the tap, as a lossy link would) are retransmitted as RTX on the browser's NACKs
 * and the browser counts them as recovered, not lost. The feed runs at the encoder's 20 fps: with a
 * faster camera the encoder drops frames and the browser then reports loss (open problem, docs/call.md).
 */
@ExtendWith(PulseAudioServer.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendRepairIT {

    /** One frame interval at 20 fps, encoding, and the 300 ms minimum between forced key frames. */
    static final long KEY_FRAME_BOUND_MS = 400;
    private static final Duration WAIT = Duration.ofSeconds(60);

    static CallEngine engine;
    static HeadlessChromium chromium;
    static HttpServer page;
    static CallSession session;
    static SessionDescription answer;

    @BeforeAll
    static void call(PulseAudioServer pulse) throws Exception {
        pulse.run("set-default-source", PulseAudioServer.TONE_SOURCE);
        pulse.run("set-default-sink", PulseAudioServer.SINK);
        engine = CallEngine.start(CallEngineConfig.loopback());
        page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page.createContext("/", x -> {
            byte[] body = "<!doctype html><video id=v autoplay muted playsinline></video>".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        page.start();
        chromium = HeadlessChromium.start(Map.of("PULSE_SERVER", System.getenv("PULSE_SERVER")));
        chromium.driver().get("http://127.0.0.1:" + page.getAddress().getPort() + "/");
        String offer = (String) chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "(async () => {"
                        + " const s = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 640, height: 480}});"
                        + " const pc = new RTCPeerConnection({bundlePolicy: 'balanced'}); window.pc = pc;"
                        + " s.getTracks().forEach(t => pc.addTrack(t, s));"
                        + " pc.ontrack = e => { if (e.track.kind === 'video') document.getElementById('v').srcObject = new MediaStream([e.track]); };"
                        + " await pc.setLocalDescription(await pc.createOffer());"
                        + " await new Promise(r => { if (pc.iceGatheringState === 'complete') r();"
                        + "   pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') r(); }; });"
                        + " done(pc.localDescription.sdp);"
                        + "})().catch(e => done('error: ' + e));");
        assertThat(offer).startsWith("v=0");
        session = engine.answer(offer, new TexturedFeed(), f -> { }, new CallListener() { });
        answer = SessionDescription.parse(session.answerSdp());
        chromium.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "window.pc.setRemoteDescription({type: 'answer', sdp: arguments[0]}).then(() => done(true), e => done(String(e)));",
                session.answerSdp());
        Poll.until("the browser decodes the engine's video", WAIT, () -> video("framesDecoded") > 20);
    }

    @AfterAll
    static void end() throws Exception {
        if (session != null) {
            session.hangUp();
        }
        if (chromium != null) {
            chromium.close();
        }
        if (page != null) {
            page.stop(0);
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void theBrowserReceivesOurAnnouncedSsrcAndCountsOurKeyFrameAnswers() {
        MediaDescription video = videoAnswer();

        assertThat((long) video("ssrc")).as("the announced media SSRC is the one sent").isEqualTo(video.sources().mediaSsrc());
        assertThat(video.sources().rtxSsrc()).isPositive();
        MediaDescription audio = answer.media().stream().filter(m -> m.kind().equals("audio")).findFirst().orElseThrow();
        Poll.until("the browser receives audio", WAIT, () -> inbound("audio", "packetsReceived") > 10);
        assertThat((long) inbound("audio", "ssrc")).as("the announced audio SSRC is the one sent")
                .isEqualTo(audio.sources().mediaSsrc());
        assertThat(video.codecs()).anyMatch(c -> c.is("rtx", 90000));
        // The browser counts a request when it sends it: the last one may still be on its way to us. One that
        // came while a key frame was on its way (the first one is paced as a probe) is counted apart.
        long plis = (long) video("pliCount");
        long firs = (long) video("firCount");
        long asked = plis + firs;
        try {
            Poll.until("every PLI/FIR the browser sent (" + asked + ") reached us", WAIT, () -> {
                VideoSendStats sent = session.sendSide().stats();
                return sent.keyFrameRequests() + sent.keyFrameRequestsOnItsWay() >= asked;
            });
        } catch (AssertionError e) {
            // Seen once in about fifteen loaded runs (3 asked, 2 counted): say which kind went missing.
            VideoSendStats sent = session.sendSide().stats();
            throw new AssertionError(e.getMessage() + ": the browser sent " + plis + " PLI and " + firs
                    + " FIR, we counted " + sent.keyFrameRequests() + " started and "
                    + sent.keyFrameRequestsOnItsWay() + " on its way", e);
        }
    }

    @Test
    @Order(2)
    void aKeyFrameRequestIsAnsweredWithinTheBoundAndTheBrowserDecodesIt() {
        double keyFramesBefore = video("keyFramesDecoded");
        long sentBefore = session.sendSide().stats().keyFramesSent();
        long ssrc = videoAnswer().sources().mediaSsrc();
        byte[] pli = {(byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, (byte) (ssrc >> 24), (byte) (ssrc >> 16),
            (byte) (ssrc >> 8), (byte) ssrc};

        // What the tap does with a PLI from the browser's RTCP.
        session.sendSide().received(MediaType.VIDEO, pli, 0, pli.length);

        Poll.until("a key frame leaves", WAIT, () -> session.sendSide().stats().keyFramesSent() > sentBefore);
        long response = session.sendSide().stats().lastKeyFrameResponseMs();
        System.out.println("key frame answered after " + response + " ms");
        assertThat(response).isBetween(0L, KEY_FRAME_BOUND_MS);
        Poll.until("the browser decodes the new key frame", WAIT, () -> video("keyFramesDecoded") > keyFramesBefore);
    }

    @Test
    @Order(3)
    void lostPacketsAreRetransmittedOnTheBrowsersNacksAndRecovered() {
        double lostBefore = video("packetsLost");
        double nacksBefore = video("nackCount");
        double plisBefore = video("pliCount");
        double framesBefore = video("framesDecoded");
        double framesDroppedBefore = video("framesDropped");
        long rtxBefore = session.sendSide().stats().retransmissions();
        AtomicInteger dropped = new AtomicInteger();

        session.sendSide().dropOutgoingVideoForTest(seq -> {
            boolean drop = seq % 25 == 0;
            if (drop) {
                dropped.incrementAndGet();
            }
            return drop;
        });
        try {
            Poll.until("20 packets lost on the way", WAIT, () -> dropped.get() >= 20);
        } finally {
            session.sendSide().dropOutgoingVideoForTest(null);
        }
        Poll.until("the browser NACKed them and we resent", WAIT,
                () -> session.sendSide().stats().retransmissions() - rtxBefore >= 18);

        VideoSendStats stats = session.sendSide().stats();
        long resent = stats.retransmissions() - rtxBefore;
        double rtxReceived = video("retransmittedPacketsReceived");
        System.out.printf("dropped %d, browser NACKs %.0f, we resent %d, browser got %.0f RTX, PLIs %.0f, frames decoded %.0f,"
                        + " frames dropped %.0f, browser's packetsLost %.0f%n", dropped.get(), video("nackCount") - nacksBefore,
                resent, rtxReceived, video("pliCount") - plisBefore, video("framesDecoded") - framesBefore,
                video("framesDropped") - framesDroppedBefore, video("packetsLost") - lostBefore);
        assertThat(video("nackCount") - nacksBefore).as("the browser asked").isGreaterThan(0);
        assertThat(resent).as("we answered each loss").isGreaterThanOrEqualTo(18);
        assertThat(rtxReceived).as("the browser received our RTX").isGreaterThanOrEqualTo(18);
        // Chromium does not count recovered packets as received (packetsLost keeps them) and shows a repaired
        // frame that arrived after its display time as dropped; what matters is that decoding went on
        // without asking for a key frame.
        // Chromium may still ask for a key frame on its own timers (seen: 2 in one full run of 20 losses); without
        // repair nearly every loss would end in one.
        assertThat(video("pliCount") - plisBefore).as("repair, not key frames, mended the losses")
                .isLessThan(dropped.get() / 4);
        assertThat(video("framesDecoded") - framesBefore).as("the picture went on").isGreaterThan(20);
    }

    private static MediaDescription videoAnswer() {
        return answer.media().stream().filter(m -> m.kind().equals("video")).findFirst().orElseThrow();
    }

    private static double video(String field) {
        return inbound("video", field);
    }

    private static double inbound(String kind, String field) {
        Object v = chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1]; const k = arguments[0]; const f = arguments[1];"
                        + "window.pc.getStats().then(r => { let out = 0;"
                        + " r.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === k) out = s[f] || 0; });"
                        + " done(out); }, e => done(0));", kind, field);
        return ((Number) v).doubleValue();
    }

    /** A camera-like picture: texture panning over a still background, and a little sensor noise. */
    static final class TexturedFeed implements CameraFeed {
        private final int[] texture = new int[(640 + 256) * (480 + 256)];
        private final Random noise = new Random(3);
        private final long start = System.nanoTime();

        TexturedFeed() {
            Random r = new Random(11);
            int tw = 640 + 256;
            for (int y = 0; y < 480 + 256; y++) {
                for (int x = 0; x < tw; x++) {
                    int v = (int) (128 + 50 * Math.sin(x / 9.0) * Math.cos(y / 13.0) + 30 * Math.sin((x + y) / 31.0))
                            + r.nextInt(20) - 10;
                    v = Math.max(0, Math.min(255, v));
                    texture[y * tw + x] = (v << 16) | ((255 - v) << 8) | (v / 2 + 64);
                }
            }
        }

        @Override
        public int width() {
            return 640;
        }

        @Override
        public int height() {
            return 480;
        }

        @Override
        public int frameRate() {
            return 20;
        }

        @Override
        public BufferedImage latestImage() {
            int t = (int) ((System.nanoTime() - start) / 50_000_000L);
            int ox = (t * 3) % 256;
            int oy = (t * 2) % 256;
            int tw = 640 + 256;
            int[] px = new int[640 * 480];
            for (int y = 0; y < 480; y++) {
                System.arraycopy(texture, (y + oy) * tw + ox, px, y * 640, 640);
            }
            for (int i = 0; i < 2000; i++) {
                px[noise.nextInt(px.length)] ^= 0x080808;
            }
            BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, 640, 480, px, 0, 640);
            return image;
        }
    }
}
