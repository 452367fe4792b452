package de.videoberatung.media.call;

import de.videoberatung.media.video.CameraFeed;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.service.neomedia.format.MediaFormat;
import org.jitsi.srtp.crypto.Aes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process's first call would otherwise pay for, done once at engine start on loopback, off every
 * call's path: jitsi-srtp's choice of AES implementation; ice4j's configuration, STUN stack and a
 * connectivity check between two agents; libjitsi's
 * video pipeline (FMJ processor, our VP8 encoder, the transform chain) sending a few frames of a black
 * picture to a socket of ours; our VP8 decoder on the first frame received. No camera, microphone or
 * network is touched. Measured: the first call's first picture took 2.7 s (later calls 0.3-0.9 s) without it.
 */
final class CallWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(CallWarmUp.class);
    private static final long ICE_TIMEOUT_MS = 5000;
    private static final int VIDEO_TIMEOUT_MS = 5000;
    private static final int VP8_PAYLOAD_TYPE = 100;

    private CallWarmUp() {
    }

    /** What the warm-up got through: the ICE check between its agents, a decoded picture of its own stream. */
    record Warmed(boolean iceConnected, boolean pictureDecoded) {
    }

    /**
     * Never throws: a failed warm-up only leaves the first call slower.
     *
     * @param callStarted true once a real call has started: the rest is left out, so as not to take the
     *     CPU from it (its own first use then does the work)
     */
    static Warmed run(MediaService service, BooleanSupplier callStarted) {
        long t0 = System.nanoTime();
        boolean ice = false;
        boolean picture = false;
        try {
            srtpCiphers();
            long t1 = System.nanoTime();
            ice = !callStarted.getAsBoolean() && ice();
            long t2 = System.nanoTime();
            picture = !callStarted.getAsBoolean() && video(service, callStarted);
            LOG.info("Call path warmed up in {} ms (SRTP ciphers {} ms, ICE {} ms{}, video {} ms{})",
                    (System.nanoTime() - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    ice ? "" : ", no pair", (System.nanoTime() - t2) / 1_000_000, picture ? "" : ", no picture");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Warming up the call path failed (the first call starts slower): {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Warmed(ice, picture);
    }

    /**
     * jitsi-srtp picks its AES implementation by benchmarking every one it has (11,000 rounds each) the first
     * time a transformation is asked for, under a lock: in a process's first call that held the first SRTP
     * packet back by 7-15 s on a loaded machine, well after the DTLS handshakes had finished. These are the
     * transformations of the SRTP profile the engine negotiates (AES-CM, HMAC-SHA1) and of its key derivation.
     */
    private static void srtpCiphers() {
        Aes.createCipher("AES/CTR/NoPadding");
        Aes.createCipher("AES/ECB/NoPadding");
    }

    /** Two ice4j agents on loopback, one controlling, one controlled, checked until a pair is selected. */
    private static boolean ice() throws InterruptedException {
        Agent offerer = loopbackAgent(true);
        Agent answerer = loopbackAgent(false);
        try {
            Component a = offerer.getStream("warm-up").getComponents().get(0);
            Component b = answerer.getStream("warm-up").getComponents().get(0);
            introduce(a, answerer);
            introduce(b, offerer);
            CountDownLatch done = new CountDownLatch(2);
            for (Agent agent : List.of(offerer, answerer)) {
                agent.addStateChangeListener(e -> {
                    if (Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
                        IceProcessingState state = (IceProcessingState) e.getNewValue();
                        if (state == IceProcessingState.COMPLETED || state == IceProcessingState.FAILED) {
                            done.countDown();
                        }
                    }
                });
            }
            answerer.startConnectivityEstablishment();
            offerer.startConnectivityEstablishment();
            return done.await(ICE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    && a.getSelectedPair() != null && b.getSelectedPair() != null;
        } finally {
            offerer.free();
            answerer.free();
        }
    }

    private static Agent loopbackAgent(boolean controlling) {
        Agent agent = new Agent();
        agent.setControlling(controlling);
        agent.setUseDynamicPorts(false);
        agent.addCandidateHarvester(new LoopbackHarvester());
        IceMediaStream stream = agent.createMediaStream("warm-up");
        try {
            agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("no loopback candidate for the warm-up", e);
        }
        return agent;
    }

    /** Gives {@code local}'s stream the other agent's credentials and candidates. */
    private static void introduce(Component local, Agent remote) {
        IceMediaStream stream = local.getParentStream();
        stream.setRemoteUfrag(remote.getLocalUfrag());
        stream.setRemotePassword(remote.getLocalPassword());
        for (LocalCandidate c : remote.getStream("warm-up").getComponents().get(0).getLocalCandidates()) {
            local.addRemoteCandidate(new RemoteCandidate(c.getTransportAddress(), local, c.getType(),
                    c.getFoundation(), c.getPriority(), null));
        }
    }

    /** A send-only VP8 stream of a black picture to a socket of ours; the first frame received is decoded. */
    private static boolean video(MediaService service, BooleanSupplier callStarted) throws IOException {
        CameraMediaDevice camera = new CameraMediaDevice(new BlackPicture());
        MediaFormat vp8 = service.getFormatFactory().createMediaFormat("VP8", 90000);
        camera.setSendFormat(vp8);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket rtp = new DatagramSocket(0, loopback);
             DatagramSocket rtcp = new DatagramSocket(0, loopback);
             DatagramSocket sink = new DatagramSocket(0, loopback);
             Vp8Decoder decoder = new Vp8Decoder()) {
            MediaStream stream = service.createMediaStream(new DefaultStreamConnector(rtp, rtcp, true), camera);
            try {
                stream.addDynamicRTPPayloadType((byte) VP8_PAYLOAD_TYPE, vp8);
                stream.setFormat(vp8);
                stream.setDirection(MediaDirection.SENDONLY);
                InetSocketAddress to = new InetSocketAddress(loopback, sink.getLocalPort());
                stream.setTarget(new MediaStreamTarget(to, to));
                stream.start();
                byte[] frame = firstFrame(sink, callStarted);
                return frame != null && decoder.decode(frame) != null;
            } finally {
                stream.stop();
                stream.close();
            }
        }
    }

    /** The VP8 data of the first whole frame arriving on {@code sink}, or null if none came in time. */
    private static byte[] firstFrame(DatagramSocket sink, BooleanSupplier callStarted) throws IOException {
        sink.setSoTimeout(VIDEO_TIMEOUT_MS);
        List<byte[]> parts = new ArrayList<>();
        boolean started = false;
        boolean keyFrame = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VIDEO_TIMEOUT_MS);
        byte[] buf = new byte[1500];
        while (System.nanoTime() < deadline && !callStarted.getAsBoolean()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                sink.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            RawPacket rtp = new RawPacket(p.getData().clone(), 0, p.getLength());
            if (rtp.getVersion() != 2 || (rtp.getPayloadType() & 0x7f) != VP8_PAYLOAD_TYPE) {
                continue;
            }
            Vp8Depacketizer.Payload payload = Vp8Depacketizer.parse(rtp.getBuffer(),
                    rtp.getOffset() + rtp.getHeaderLength(), rtp.getPayloadLength());
            if (payload == null || (!started && !payload.start())) {
                continue;
            }
            if (!started) {
                started = true;
                keyFrame = payload.keyFrame();
            }
            byte[] part = new byte[payload.dataLength()];
            System.arraycopy(rtp.getBuffer(), payload.dataOffset(), part, 0, part.length);
            parts.add(part);
            if (rtp.isPacketMarked()) {
                return Vp8Depacketizer.join(parts, keyFrame, rtp.getTimestamp()).data();
            }
        }
        return null;
    }

    /** A camera that shows black (the encoder's work is the same kind as for a real picture). */
    private static final class BlackPicture implements CameraFeed {
        private final BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);

        @Override
        public int width() {
            return image.getWidth();
        }

        @Override
        public int height() {
            return image.getHeight();
        }

        @Override
        public int frameRate() {
            return 20;
        }

        @Override
        public BufferedImage latestImage() {
            return image;
        }
    }
}
