package de.videoberatung.media.call;

import java.util.List;
import java.util.function.IntPredicate;
import org.jitsi.utils.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a call's repair and rate control. It reads the browser's RTCP for both legs
 * (the tap hands over every compound packet in clear text): PLI and each new FIR sequence number
 * make the encoder send a key frame; generic NACKs are answered by {@link RtxSender}; receiver-report
 * loss and REMB feed the {@link SendRateController}, whose decision sets the encoder's bitrate, frame
 * rate, resolution, or suspends video. Lives as long as the call: a fresh offer re-attaches the new
 * streams' SSRCs, the estimate carries over.
 */
final class SendSide {

    private static final Logger LOG = LoggerFactory.getLogger(SendSide.class);
    /** Video waits at most this long for the leg's DTLS-SRTP before it goes anyway. */
    static final long SECURE_WAIT_NANOS = 5_000_000_000L;
    /** What a key frame takes to cross a mobile link, on top of the round trip. */
    static final long KEY_FRAME_TRANSIT_MS = 250;
    /** Key frames for packets lost for good at most this often. */
    static final long REPAIR_KEY_FRAME_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * The first key frame after DTLS-SRTP is paced at this rate (WebRTC's top rate for 640x480) for
     * {@link #PROBE_NANOS}: Chromium's REMB then starts from what the link carries (see {@link Pacer}).
     */
    static final int PROBE_KBPS = 1700;
    static final long PROBE_NANOS = 1_000_000_000L;
    /**
     * No REMB within this long after a probe (a loaded machine's pacer or receiver can break the cluster's even
     * spacing, which Chromium then ignores): probe again with {@link #PROBE_PACKETS} RTX copies of recent packets,
     * at most {@link #MAX_REPROBES} times and only in the first {@link #REPROBE_WITHIN_NANOS} (Chromium looks for
     * probes until it has an estimate, at the latest 5 s after the stream's first packet).
     */
    static final long REPROBE_AFTER_NANOS = 1_000_000_000L;
    static final int PROBE_PACKETS = 10;
    static final int MAX_REPROBES = 3;
    static final long REPROBE_WITHIN_NANOS = 4_000_000_000L;

    private final Vp8Encoder encoder;
    private final SendRateController controller;
    private final int callId;
    private volatile long videoSsrc = -1;
    private volatile long audioSsrc = -1;
    private volatile RtxSender rtx;
    private volatile Pacer pacer;
    private int lastFirSequence = -1;
    private long keyFrameRequests;
    private long requestNanos;
    private long answeredNanos;
    private long keyFramesOut;
    private long lastKeyFrameOutNanos;
    private long lostForGoodSeen;
    private long repairKeyFrames;
    private long ignoredKeyFrameRequests;
    private volatile IntPredicate dropForTest;
    private long nackedPackets;
    private long rembKbps = -1;
    private boolean suspended;
    private int loggedEstimateKbps = 1;
    private boolean mediaStarted;
    private double lastLoss;
    private LossWindow videoLoss = new LossWindow(LossWindow.RATE_CONTROL_PACKETS);
    private LossWindow audioLoss = new LossWindow(LossWindow.RATE_CONTROL_PACKETS);
    private final SequenceRewriter sequence = new SequenceRewriter();
    private volatile boolean secured;
    private volatile long attachedNanos;
    private long securedNanos;
    private long probedNanos;
    private int reprobes;
    private boolean rembSinceSecured;

    SendSide(int callId, Vp8Encoder encoder, int width, int height, double frameRate) {
        this.callId = callId;
        this.encoder = encoder;
        this.controller = new SendRateController(width, height, frameRate);
        apply(controller.decision());
    }

    /**
     * The SSRCs of a (new) pair of streams; {@code rtx} may be null when RTX was not negotiated,
     * {@code videoPacer} null to send video as libjitsi hands it over. A previous pacer is closed.
     */
    synchronized void attach(long audio, long video, RtxSender rtxSender, Pacer videoPacer) {
        audioSsrc = audio;
        videoSsrc = video;
        rtx = rtxSender;
        Pacer old = pacer;
        pacer = videoPacer;
        if (old != null) {
            old.close();
        }
        if (videoPacer != null) {
            videoPacer.setTarget(controller.decision().videoKbps(), controller.decision().estimateKbps());
        }
        lastFirSequence = -1;
        secured = false;
        securedNanos = 0;
        attachedNanos = System.nanoTime();
        sequence.restart(video);
        mediaStarted = false;
        videoLoss = new LossWindow(LossWindow.RATE_CONTROL_PACKETS);
        audioLoss = new LossWindow(LossWindow.RATE_CONTROL_PACKETS);
        if (rtxSender != null) {
            rtxSender.setEstimate(controller.decision().estimateKbps());
        }
    }

    /**
     * A video RTP packet about to leave (clear text, before SRTP): cached for retransmission, and
     * the first packet of a key frame marks when a key-frame request was answered.
     *
     * @return true to let it go on through libjitsi's chain now; false when the pacer took it (it
     *     sends it later, after the tap) or a test's simulated loss drops it
     */
    boolean videoSent(byte[] buf, int off, int len) {
        return videoSent(buf, off, len, System.nanoTime());
    }

    /** As {@link #videoSent(byte[], int, int)} at {@code now} (System.nanoTime()). */
    boolean videoSent(byte[] buf, int off, int len, long now) {
        if (!secured && sequence.current(buf, off, len)) {
            // libjitsi queues what is sent before DTLS-SRTP is up and lets it all go at once when it is: up to a
            // second of video in one burst, which a mobile link's queue drops (a 500 kbit/s link lost ~2/3 of
            // the first second's video). Those frames are stale by then anyway; a key frame starts it off.
            if (now - attachedNanos < SECURE_WAIT_NANOS) {
                return false;
            }
            secured = true;
        }
        sequence.rewrite(buf, off, len);
        RtxSender r = rtx;
        if (r != null) {
            r.sent(buf, off, len, now);
        }
        if (startsKeyFrame(buf, off, len)) {
            synchronized (this) {
                keyFramesOut++;
                lastKeyFrameOutNanos = now;
                if (requestNanos != 0 && answeredNanos < requestNanos) {
                    answeredNanos = now;
                }
            }
        }
        IntPredicate drop = dropForTest;
        if (drop != null && drop.test(((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff))) {
            return false;
        }
        Pacer p = pacer;
        if (p != null) {
            p.send(buf, off, len);
            return false;
        }
        return true;
    }

    /**
     * The video leg's DTLS-SRTP is up (its first packet from the browser has been decrypted): video goes from
     * the next frame, a key frame.
     */
    void secured() {
        if (secured) {
            return;
        }
        secured = true;
        long now = System.nanoTime();
        synchronized (this) {
            securedNanos = now;
            probedNanos = now;
            reprobes = 0;
            rembSinceSecured = false;
        }
        LOG.debug("Call {}: video leg secured after {} ms, key frame first", callId, (now - attachedNanos) / 1_000_000);
        Pacer p = pacer;
        if (p != null) {
            p.probe(PROBE_KBPS, now + PROBE_NANOS);
        }
        encoder.requestKeyFrame();
    }

    /** Stops the pacer's thread; the call is over. */
    synchronized void close() {
        LOG.info("Call {}: video sent {} frames ({} key frames, {} encoder inits), {} dropped by libvpx, {} skipped for"
                + " the frame rate, {} sequence numbers closed up; NACKed packets {}: {} retransmitted, {} not cached, {} over"
                + " the budget; {} key frames for packets lost for good, {} requests while one was on its way", callId,
                encoder.framesEncoded(),
                encoder.keyFrames(), encoder.reinits(), encoder.framesDropped(), encoder.framesDecimated(),
                sequence.holes(), nackedPackets, rtx == null ? 0 : rtx.retransmitted(), rtx == null ? 0 : rtx.notFound(),
                rtx == null ? 0 : rtx.limited(), repairKeyFrames, ignoredKeyFrameRequests);
        if (pacer != null) {
            pacer.close();
            pacer = null;
        }
    }

    /**
     * Fault injection for integration tests: outgoing video packets whose RTP sequence number
     * matches are dropped after being cached, as a lossy link would lose them. {@code null} ends it.
     */
    void dropOutgoingVideoForTest(IntPredicate sequenceNumbers) {
        dropForTest = sequenceNumbers;
    }

    /** True for the first RTP packet of a VP8 key frame (RFC 7741 descriptor, then the frame tag). */
    static boolean startsKeyFrame(byte[] b, int off, int len) {
        if (len < 13) {
            return false;
        }
        int p = off + 12 + 4 * (b[off] & 0x0f);
        if ((b[off] & 0x10) != 0 && p + 4 <= off + len) {
            p += 4 + 4 * (((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff));
        }
        int end = off + len - ((b[off] & 0x20) != 0 ? b[off + len - 1] & 0xff : 0);
        if (p >= end) {
            return false;
        }
        int d = b[p] & 0xff;
        if ((d & 0x10) == 0 || (d & 0x07) != 0) {
            return false; // not the start of partition 0
        }
        p++;
        if ((d & 0x80) != 0 && p < end) {
            int x = b[p++] & 0xff;
            if ((x & 0x80) != 0 && p < end) {
                p += (b[p] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                p++;
            }
            if ((x & 0x30) != 0) {
                p++;
            }
        }
        return p < end && (b[p] & 0x01) == 0;
    }

    /** The current retransmission sender, or null when RTX was not negotiated. */
    RtxSender rtx() {
        return rtx;
    }

    /** A compound RTCP packet from the browser on the leg of {@code type}. */
    void received(MediaType type, byte[] buf, int off, int len) {
        List<RtcpPacket> packets = RtcpPacket.parse(buf, off, len);
        if (!packets.isEmpty()) {
            received(type, packets, System.nanoTime());
        }
    }

    void received(MediaType type, List<RtcpPacket> packets, long nowNanos) {
        long nowMs = nowNanos / 1_000_000;
        List<Integer> nacked = null;
        RtxSender r;
        synchronized (this) {
            r = rtx;
            if (!mediaStarted && type == MediaType.VIDEO) {
                mediaStarted = true;
                controller.mediaStarted(nowMs);
            }
            for (RtcpPacket p : packets) {
                if (p instanceof RtcpPacket.Pli && type == MediaType.VIDEO) {
                    requestedKeyFrame(nowNanos, r);
                } else if (p instanceof RtcpPacket.Fir fir) {
                    for (RtcpPacket.FirEntry e : fir.entries()) {
                        if (e.ssrc() == videoSsrc && e.sequence() != lastFirSequence) {
                            lastFirSequence = e.sequence();
                            requestedKeyFrame(nowNanos, r);
                        }
                    }
                } else if (p instanceof RtcpPacket.Nack nack && nack.mediaSsrc() == videoSsrc) {
                    LOG.debug("Call {}: NACK {}", callId, nack.lost());
                    nackedPackets += nack.lost().size();
                    nacked = nack.lost();
                } else if (p instanceof RtcpPacket.Remb remb) {
                    rembKbps = remb.bitrate() / 1000;
                    rembSinceSecured = true;
                    controller.onRemb(remb.bitrate(), nowMs);
                    LOG.debug("Call {}: REMB {} kbit/s, estimate {}", callId, rembKbps, controller.decision().estimateKbps());
                } else if (p instanceof RtcpPacket.ReceiverReport rr) {
                    loss(rr.blocks(), nowMs);
                } else if (p instanceof RtcpPacket.SenderReport sr) {
                    loss(sr.blocks(), nowMs);
                }
            }
            apply(controller.decision());
        }
        if (nacked != null && r != null) {
            r.onNack(nacked, nowNanos);
            repairByKeyFrame(r, nowNanos);
        }
        if (type == MediaType.VIDEO) {
            reprobe(nowNanos);
        }
    }

    /** The first key frame's probe brought no REMB: RTX copies of the last packets, paced at the probe rate. */
    private void reprobe(long nowNanos) {
        Pacer p;
        RtxSender r;
        synchronized (this) {
            p = pacer;
            r = rtx;
            if (!secured || securedNanos == 0 || rembSinceSecured || reprobes >= MAX_REPROBES || p == null || r == null
                    || nowNanos - probedNanos < REPROBE_AFTER_NANOS || nowNanos - securedNanos > REPROBE_WITHIN_NANOS) {
                return;
            }
            reprobes++;
            probedNanos = nowNanos;
        }
        LOG.debug("Call {}: no REMB {} ms after the probe, probing again", callId, REPROBE_AFTER_NANOS / 1_000_000);
        p.probe(PROBE_KBPS, nowNanos + PROBE_NANOS / 4);
        for (byte[] packet : r.probe(PROBE_PACKETS, nowNanos)) {
            p.send(packet, 0, packet.length);
        }
    }

    /**
     * A NACK for a packet too old to resend: that frame cannot be repaired any more, and Chromium would keep
     * the picture frozen until its own key-frame timeout (~3 s) before asking with a PLI. A key frame now
     * ends the freeze about one round trip later. Only when no key frame left since the packet was sent
     * (that one supersedes it once it is complete), and at most once per {@link #REPAIR_KEY_FRAME_INTERVAL_NANOS}.
     */
    private void repairByKeyFrame(RtxSender r, long nowNanos) {
        long lost = r.lostForGood();
        long sentAt = r.newestLostForGoodSentAt();
        synchronized (this) {
            if (lost == lostForGoodSeen) {
                return;
            }
            lostForGoodSeen = lost;
            if (keyFramesOut > 0 && lastKeyFrameOutNanos - sentAt > 0) {
                return;
            }
            if (repairKeyFrames > 0 && nowNanos - requestNanos < REPAIR_KEY_FRAME_INTERVAL_NANOS) {
                return;
            }
            repairKeyFrames++;
            LOG.debug("Call {}: a NACKed packet is too old to resend, key frame instead", callId);
            keyFrame(nowNanos);
        }
    }

    /**
     * The browser asks for a key frame (PLI, FIR). One that left less than a round trip and a key frame's
     * transmission ago is still on its way (Chromium asks right at a stream's start, before the first key
     * frame can have arrived): a second one so soon drains libvpx's buffer, which then drops frames for a
     * second (seen: 7 in a row, a 0.9 s gap on the 500 kbit/s link). Lost packets of it come back by RTX; if it
     * cannot be decoded, the browser asks again.
     */
    private void requestedKeyFrame(long nowNanos, RtxSender r) {
        long rtt = r == null ? 150 : Math.max(20, r.rttMillis());
        long onItsWay = Math.max(Vp8Encoder.MIN_KEY_FRAME_INTERVAL_NANOS, (rtt + KEY_FRAME_TRANSIT_MS) * 1_000_000L);
        if (keyFramesOut > 0 && nowNanos - lastKeyFrameOutNanos < onItsWay) {
            ignoredKeyFrameRequests++;
            LOG.debug("Call {}: key frame requested {} ms after one left: still on its way", callId,
                    (nowNanos - lastKeyFrameOutNanos) / 1_000_000);
            return;
        }
        keyFrame(nowNanos);
    }

    private void keyFrame(long nowNanos) {
        LOG.debug("Call {}: key frame requested", callId);
        keyFrameRequests++;
        requestNanos = nowNanos;
        encoder.requestKeyFrame();
    }

    /** Loss about our video drives the estimate; audio's only while video is suspended (no video reports). */
    private void loss(List<RtcpPacket.ReportBlock> blocks, long nowMs) {
        for (RtcpPacket.ReportBlock b : blocks) {
            LossWindow window = b.ssrc() == videoSsrc ? videoLoss : b.ssrc() == audioSsrc ? audioLoss : null;
            double fraction = window == null ? -1 : window.update(b);
            if (fraction >= 0 && (window == videoLoss || suspended)) {
                lastLoss = fraction;
                controller.onLoss(fraction, nowMs);
            }
        }
    }

    private void apply(SendRateController.Decision d) {
        if (Math.abs(d.estimateKbps() - loggedEstimateKbps) > 0.25 * loggedEstimateKbps) {
            loggedEstimateKbps = d.estimateKbps();
            LOG.info("Call {}: estimate {} kbit/s (REMB {}, last loss {} %), video {} kbit/s {}x{} at {} fps,"
                    + " {} encoder inits, {} key-frame requests", callId, d.estimateKbps(), rembKbps,
                    Math.round(lastLoss * 100), d.videoKbps(), d.width(), d.height(), d.frameRate(), encoder.reinits(),
                    keyFrameRequests);
        }
        if (d.suspended() != suspended) {
            suspended = d.suspended();
            // The sequence gap of a pause is no loss of the link.
            videoLoss = new LossWindow(LossWindow.RATE_CONTROL_PACKETS);
            LOG.info("Call {}: video {} (estimate {} kbit/s)", callId, suspended ? "suspended, link too weak" : "resumed",
                    d.estimateKbps());
        }
        encoder.setSuspended(d.suspended());
        encoder.setTargetBitrate(Math.max(SendRateController.SUSPEND_BELOW_KBPS, d.videoKbps()));
        encoder.setFrameRate(d.frameRate());
        encoder.setResolution(d.width(), d.height());
        RtxSender r = rtx;
        if (r != null) {
            r.setEstimate(d.estimateKbps());
        }
        Pacer p = pacer;
        if (p != null) {
            p.setTarget(d.videoKbps(), d.estimateKbps());
        }
    }

    synchronized VideoSendStats stats() {
        SendRateController.Decision d = controller.decision();
        long response = requestNanos != 0 && answeredNanos >= requestNanos ? (answeredNanos - requestNanos) / 1_000_000 : -1;
        RtxSender r = rtx;
        return new VideoSendStats(d.estimateKbps(), encoder.targetKbps(), encoder.frameRate(),
                encoder.width(), encoder.height(), d.suspended(), rembKbps, keyFrameRequests,
                ignoredKeyFrameRequests, keyFramesOut,
                response, nackedPackets, r == null ? 0 : r.retransmitted());
    }
}
