package de.videoberatung.media.call;

/**
 * What we receive of the browser's video, as a receiver report (RFC 3550 section 6.4.2 and appendix A):
 * extended highest sequence number, cumulative and interval loss, interarrival jitter, and LSR/DLSR from
 * the browser's last sender report, so its {@code remote-inbound-rtp} gets a round trip. Our own because
 * FMJ's reports about this stream (libjitsi sends its video send-only, our path decodes) did not always
 * carry a block with LSR about the browser's video. Counts what arrives on the media SSRC (RTX carries
 * repairs on its own SSRC and is not counted, as in libwebrtc). Not thread-safe: the owner serialises.
 */
final class ReceiveStatistics {

    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private final int clockRate;
    private long ssrc = -1;
    private long baseSeq;
    private long maxSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSenderReport;
    private long lastSenderReportNanos;

    ReceiveStatistics(int clockRate) {
        this.clockRate = clockRate;
    }

    /** A media packet on {@code packetSsrc} (a new SSRC starts the counts afresh). */
    void received(long packetSsrc, int seq, long rtpTimestamp, long arrivalNanos) {
        if (packetSsrc != ssrc) {
            ssrc = packetSsrc;
            baseSeq = seq;
            maxSeq = seq;
            received = 0;
            expectedPrior = 0;
            receivedPrior = 0;
            jitter = 0;
            haveTransit = false;
            lastSenderReport = 0;
        } else {
            long ext = VideoJitterBuffer.nearest(maxSeq, seq);
            long delta = ext - maxSeq;
            if (delta > MAX_DROPOUT || delta < -MAX_MISORDER) {
                // A restarted sender: start over from here.
                baseSeq = seq;
                maxSeq = seq;
                received = 0;
                expectedPrior = 0;
                receivedPrior = 0;
            } else if (delta > 0) {
                maxSeq = ext;
            }
        }
        received++;
        long arrival = Math.floorDiv(arrivalNanos, 1000) * clockRate / 1_000_000;
        long transit = arrival - (rtpTimestamp & 0xffffffffL);
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < (long) clockRate * 10) {
                jitter += (d - jitter) / 16;
            }
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** A sender report of {@code reportSsrc} with its 64-bit NTP timestamp. */
    void senderReport(long reportSsrc, long ntpTimestamp, long arrivalNanos) {
        if (reportSsrc == ssrc) {
            lastSenderReport = (ntpTimestamp >>> 16) & 0xffffffffL;
            lastSenderReportNanos = arrivalNanos;
        }
    }

    /** A receiver report (PT 201) from {@code senderSsrc} with one block about the browser's video, or null before any packet. */
    byte[] receiverReport(long senderSsrc, long nowNanos) {
        if (ssrc < 0) {
            return null;
        }
        long expected = maxSeq - baseSeq + 1;
        long lost = expected - received;
        int cumulative = (int) Math.max(-0x800000, Math.min(0x7fffff, lost));
        long expectedInterval = expected - expectedPrior;
        long lostInterval = expectedInterval - (received - receivedPrior);
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0
                : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long dlsr = lastSenderReport == 0 ? 0 : (nowNanos - lastSenderReportNanos) * 65536 / 1_000_000_000L;
        return RtcpFeedback.receiverReport(senderSsrc, ssrc, fraction, cumulative, maxSeq, Math.round(jitter),
                lastSenderReport, dlsr);
    }
}
