package de.videoberatung.media.call;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the browser reports about one of our streams: the report block (RFC 3550 section 6.4) whose
 * SSRC is ours in its receiver or sender reports, and its REMB (the rate it estimates it can receive).
 * Thread-safe: written on libjitsi's receive thread, read by the monitor.
 */
final class ReceiverReports {

    /**
     * Our stream as the browser sees it, at its last report.
     *
     * @param lossPercent loss over the last {@link LossWindow#SHOWN_PACKETS} or more expected packets; the
     *        first report's own fraction until that many were expected
     */
    record Report(long reports, double lossPercent, long cumulativeLost, double jitterMs, long estimateBps) {
    }

    private final LongSupplier localSsrc;
    private final int clockRate;
    private long reports;
    private int fractionLost;
    private long cumulativeLost;
    private long jitter;
    private long estimateBps = -1;
    private final LossWindow shownLoss = new LossWindow(LossWindow.SHOWN_PACKETS);
    private double lossPercent = -1;

    /** @param clockRate the RTP clock rate of our stream, to turn jitter into milliseconds */
    ReceiverReports(LongSupplier localSsrc, int clockRate) {
        this.localSsrc = localSsrc;
        this.clockRate = clockRate;
    }

    /** An incoming RTCP compound packet, in clear text. */
    void received(byte[] buf, int off, int len) {
        long ours = localSsrc.getAsLong() & 0xffffffffL;
        for (RtcpPacket p : RtcpPacket.parse(buf, off, len)) {
            List<RtcpPacket.ReportBlock> blocks = p instanceof RtcpPacket.SenderReport sr ? sr.blocks()
                    : p instanceof RtcpPacket.ReceiverReport rr ? rr.blocks() : List.of();
            for (RtcpPacket.ReportBlock block : blocks) {
                if (block.ssrc() == ours) {
                    report(block);
                }
            }
            if (p instanceof RtcpPacket.Remb remb) {
                synchronized (this) {
                    estimateBps = remb.bitrate();
                }
            }
        }
    }

    private synchronized void report(RtcpPacket.ReportBlock block) {
        reports++;
        fractionLost = block.fractionLost();
        double fraction = shownLoss.update(block);
        if (fraction >= 0) {
            lossPercent = fraction * 100;
        }
        cumulativeLost = block.cumulativeLost();
        jitter = block.jitter();
    }

    synchronized Report latest() {
        double loss = lossPercent >= 0 ? lossPercent : fractionLost * 100.0 / 256;
        return new Report(reports, loss, cumulativeLost, jitter * 1000.0 / clockRate, estimateBps);
    }
}
