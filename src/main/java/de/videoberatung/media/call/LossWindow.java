package de.videoberatung.media.call;

/**
 * Loss of one of our streams over at least a number of expected packets, from the browser's report blocks'
 * cumulative counters (as libwebrtc's sender does). Chromium sends RTCP with each REMB, several times a
 * second, and one report's own fraction is not the link's loss: one lost packet in an interval of three is
 * not 33 %, and one starved moment with a dozen packets once read 49.6 % (127/256).
 */
final class LossWindow {

    /** What the rate controller judges: soon after a change, yet not one packet in three. */
    static final int RATE_CONTROL_PACKETS = 20;
    /** What the call window shows: about a second of video, a few of audio, so the figure holds still. */
    static final int SHOWN_PACKETS = 100;

    private final int minPackets;
    private long highest = -1;
    private int cumulative;
    private long expected;
    private long lost;

    LossWindow(int minPackets) {
        this.minPackets = minPackets;
    }

    /** The loss fraction (0..1) once {@code minPackets} were expected since the last one, else -1. */
    double update(RtcpPacket.ReportBlock b) {
        long e = b.highestSequence() - highest;
        int l = b.cumulativeLost() - cumulative;
        boolean first = highest < 0;
        highest = b.highestSequence();
        cumulative = b.cumulativeLost();
        if (first || e < 0 || e > 0x8000) {
            expected = 0;
            lost = 0;
            return -1;
        }
        expected += e;
        lost += l;
        if (expected < minPackets) {
            return -1;
        }
        double fraction = Math.max(0, Math.min(1, lost / (double) expected));
        expected = 0;
        lost = 0;
        return fraction;
    }
}
