package de.videoberatung.media.call;

import java.util.List;
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

    private final Vp8Encoder encoder;
    private final SendRateController controller;
    private final int callId;
    private volatile long videoSsrc = -1;
    private volatile long audioSsrc = -1;
    private volatile RtxSender rtx;
    private int lastFirSequence = -1;
    private long keyFrameRequests;
    private long requestNanos;
    private long nackedPackets;
    private long rembKbps = -1;
    private boolean suspended;

    SendSide(int callId, Vp8Encoder encoder, int width, int height, double frameRate) {
        this.callId = callId;
        this.encoder = encoder;
        this.controller = new SendRateController(width, height, frameRate);
        apply(controller.decision());
    }

    /** The SSRCs of a (new) pair of streams; {@code rtx} may be null when RTX was not negotiated. */
    synchronized void attach(long audio, long video, RtxSender rtxSender) {
        audioSsrc = audio;
        videoSsrc = video;
        rtx = rtxSender;
        lastFirSequence = -1;
        if (rtxSender != null) {
            rtxSender.setEstimate(controller.decision().estimateKbps());
        }
    }

    /** A video RTP packet about to leave (clear text, before SRTP), for the retransmission cache. */
    void videoSent(byte[] buf, int off, int len) {
        RtxSender r = rtx;
        if (r != null) {
            r.sent(buf, off, len, System.nanoTime());
        }
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
            for (RtcpPacket p : packets) {
                if (p instanceof RtcpPacket.Pli && type == MediaType.VIDEO) {
                    keyFrame(nowNanos);
                } else if (p instanceof RtcpPacket.Fir fir) {
                    for (RtcpPacket.FirEntry e : fir.entries()) {
                        if (e.ssrc() == videoSsrc && e.sequence() != lastFirSequence) {
                            lastFirSequence = e.sequence();
                            keyFrame(nowNanos);
                        }
                    }
                } else if (p instanceof RtcpPacket.Nack nack && nack.mediaSsrc() == videoSsrc) {
                    nackedPackets += nack.lost().size();
                    nacked = nack.lost();
                } else if (p instanceof RtcpPacket.Remb remb) {
                    rembKbps = remb.bitrate() / 1000;
                    controller.onRemb(remb.bitrate(), nowMs);
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
        }
    }

    private void keyFrame(long nowNanos) {
        keyFrameRequests++;
        requestNanos = nowNanos;
        encoder.requestKeyFrame();
    }

    /** Loss about our video drives the estimate; audio's only while video is suspended (no video reports). */
    private void loss(List<RtcpPacket.ReportBlock> blocks, long nowMs) {
        for (RtcpPacket.ReportBlock b : blocks) {
            if (b.ssrc() == videoSsrc || (suspended && b.ssrc() == audioSsrc)) {
                controller.onLoss(b.loss(), nowMs);
            }
        }
    }

    private void apply(SendRateController.Decision d) {
        if (d.suspended() != suspended) {
            suspended = d.suspended();
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
    }

    synchronized VideoSendStats stats() {
        SendRateController.Decision d = controller.decision();
        long lastKey = encoder.lastKeyFrameNanos();
        long response = requestNanos != 0 && lastKey >= requestNanos ? (lastKey - requestNanos) / 1_000_000 : -1;
        RtxSender r = rtx;
        return new VideoSendStats(d.estimateKbps(), encoder.targetKbps(), encoder.frameRate(),
                encoder.width(), encoder.height(), d.suspended(), rembKbps, keyFrameRequests, encoder.keyFrames(),
                response, nackedPackets, r == null ? 0 : r.retransmitted());
    }
}
