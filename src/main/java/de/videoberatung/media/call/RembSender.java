package de.videoberatung.media.call;

import java.util.Collection;
import org.jitsi.impl.neomedia.rtp.remotebitrateestimator.RemoteBitrateEstimatorAbsSendTime;
import org.jitsi.impl.neomedia.rtp.remotebitrateestimator.RemoteBitrateObserver;
import org.jitsi.impl.neomedia.transform.AbsSendTimeEngine;
import org.jitsi.service.neomedia.RawPacket;
import org.jitsi.utils.logging.DiagnosticContext;

/**
 * Tells the browser what its video to us may use: libjitsi's delay-based estimator (WebRTC's
 * abs-send-time remote bitrate estimator: inter-arrival deltas, Kalman filter, over-use detector,
 * AIMD) reads each packet's send time, and its estimate goes back as REMB about once a second, and at
 * once when it falls by more than {@link #DROP_TO_SEND_AT_ONCE}, so the browser backs off before its
 * queue overflows. Thread-safe: packets come on libjitsi's receive thread, ticks on the repair timer.
 */
final class RembSender implements RemoteBitrateObserver {

    static final long INTERVAL_NANOS = 1_000_000_000L;
    static final double DROP_TO_SEND_AT_ONCE = 0.10;

    private final FeedbackChannel channel;
    private final int absSendTimeId;
    private final RemoteBitrateEstimatorAbsSendTime estimator;
    private long latestBps = -1;
    private long[] ssrcs = new long[0];
    private long lastSentBps = -1;
    private long lastSentAt;
    private long rembsSent;

    /** @param absSendTimeId the negotiated id of the abs-send-time header extension */
    RembSender(FeedbackChannel channel, int absSendTimeId) {
        this.channel = channel;
        this.absSendTimeId = absSendTimeId;
        this.estimator = new RemoteBitrateEstimatorAbsSendTime(this, new DiagnosticContext());
    }

    /** Every video packet from the browser (media and RTX: both use the path). */
    void onRtp(RawPacket pkt) {
        long sendTime = AbsSendTimeEngine.getAbsSendTime(pkt, (byte) absSendTimeId);
        if (sendTime >= 0) {
            estimator.incomingPacketInfo(System.currentTimeMillis(), sendTime, pkt.getLength(), pkt.getSSRCAsLong());
        }
    }

    /** Called by the estimator, inside {@link #onRtp}. */
    @Override
    public void onReceiveBitrateChanged(Collection<Long> streams, long bitsPerSecond) {
        synchronized (this) {
            latestBps = bitsPerSecond;
            ssrcs = streams.stream().mapToLong(Long::longValue).toArray();
            if (lastSentBps < 0 || bitsPerSecond >= lastSentBps * (1 - DROP_TO_SEND_AT_ONCE)) {
                return;
            }
        }
        send(System.nanoTime());
    }

    /** Passes the round trip on and sends the periodic REMB when one is due; call a few times a second. */
    void tick(long now) {
        long rtt = channel.rttMillis();
        if (rtt >= 0) {
            estimator.onRttUpdate(rtt, rtt);
        }
        synchronized (this) {
            if (latestBps < 0 || now - lastSentAt < INTERVAL_NANOS && lastSentBps >= 0) {
                return;
            }
        }
        send(now);
    }

    private void send(long now) {
        byte[] remb;
        synchronized (this) {
            if (latestBps < 0 || ssrcs.length == 0) {
                return;
            }
            lastSentBps = latestBps;
            lastSentAt = now;
            rembsSent++;
            remb = RtcpFeedback.remb(channel.localSsrc(), latestBps, ssrcs);
        }
        channel.send(remb);
    }

    /** The estimate last sent to the browser in bit/s, or -1 before the first. */
    synchronized long lastSentBps() {
        return lastSentBps;
    }

    synchronized long rembsSent() {
        return rembsSent;
    }
}
