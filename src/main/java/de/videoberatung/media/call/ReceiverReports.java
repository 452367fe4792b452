package de.videoberatung.media.call;

import java.util.function.LongSupplier;

/**
 * What the browser reports about one of our streams: the report block (RFC 3550 section 6.4) whose
 * SSRC is ours in its receiver or sender reports, and its REMB (the rate it estimates it can receive).
 * Thread-safe: written on libjitsi's receive thread, read by the monitor.
 */
final class ReceiverReports {

    private static final int PSFB = 206;
    private static final int REMB_FMT = 15;

    /** Our stream as the browser sees it, at its last report. */
    record Report(long reports, double lossPercent, long cumulativeLost, double jitterMs, long estimateBps) {
    }

    private final LongSupplier localSsrc;
    private final int clockRate;
    private long reports;
    private int fractionLost;
    private long cumulativeLost;
    private long jitter;
    private long estimateBps = -1;

    /** @param clockRate the RTP clock rate of our stream, to turn jitter into milliseconds */
    ReceiverReports(LongSupplier localSsrc, int clockRate) {
        this.localSsrc = localSsrc;
        this.clockRate = clockRate;
    }

    /** An incoming RTCP compound packet, in clear text. */
    void received(byte[] buf, int off, int len) {
        long ours = localSsrc.getAsLong() & 0xffffffffL;
        RoundTripClock.forEachReportBlock(buf, off, len, block -> {
            if ((RoundTripClock.readInt(buf, block) & 0xffffffffL) == ours) {
                report(buf, block);
            }
        });
        RoundTripClock.forEachPacket(buf, off, len, (pt, p, plen) -> {
            if (pt == PSFB && (buf[p] & 0x1f) == REMB_FMT && plen >= 20 && buf[p + 12] == 'R'
                    && buf[p + 13] == 'E' && buf[p + 14] == 'M' && buf[p + 15] == 'B') {
                int word = RoundTripClock.readInt(buf, p + 16);
                synchronized (this) {
                    estimateBps = (long) (word & 0x3ffff) << (word >>> 18 & 0x3f);
                }
            }
        });
    }

    private synchronized void report(byte[] buf, int block) {
        reports++;
        fractionLost = buf[block + 4] & 0xff;
        // 24-bit signed: duplicates can make it negative.
        cumulativeLost = RoundTripClock.readInt(buf, block + 4) << 8 >> 8;
        jitter = RoundTripClock.readInt(buf, block + 12) & 0xffffffffL;
    }

    synchronized Report latest() {
        return new Report(reports, fractionLost * 100.0 / 256, cumulativeLost, jitter * 1000.0 / clockRate,
                estimateBps);
    }
}
