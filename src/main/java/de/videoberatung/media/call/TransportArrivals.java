package de.videoberatung.media.call;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arrival times of the browser's packets by transport-wide sequence number, for transport feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01): the browser numbers audio and video in one
 * sequence, so both legs record here, and every {@link #INTERVAL_NANOS} the arrivals since the last
 * feedback go back on {@link #sendFeedback}. The browser's send-side estimator turns them into its rate.
 *
 * <p>Sequence numbers are unwrapped to 64 bits; a duplicate keeps its first arrival; a packet that arrives
 * after the feedback that reported it missing is reported again from its number on (the sender takes the
 * news of a late arrival, and ignores what it knew already). Arrivals are kept for {@link #HISTORY_NANOS}.
 * Thread-safe: the legs' receive threads record, the repair timer sends.
 */
final class TransportArrivals {

    /** How often feedback goes: libwebrtc's lower bound, for a fast reaction to a queue that builds up. */
    static final long INTERVAL_NANOS = 50_000_000L;
    /** How long an arrival is kept after it was reported, to notice late arrivals and duplicates. */
    static final long HISTORY_NANOS = 500_000_000L;
    /** The widest range one round of feedback covers; older missing numbers are given up. */
    static final int MAX_RANGE = 1 << 15;

    /** Counters of what was sent, for the statistics and tests. */
    record Counters(long feedbackPackets, long packetsRecorded, long duplicates, long lateArrivals) {
    }

    private final long originNanos;
    /** Extended sequence number to arrival in µs since {@link #originNanos}. */
    private final TreeMap<Long, Long> arrivals = new TreeMap<>();
    private long highest = -1;
    /** The first sequence number the next feedback reports, or -1 before the first packet. */
    private long nextToReport = -1;
    private long mediaSsrc;
    private int feedbackCount;
    private long feedbackPackets;
    private long packetsRecorded;
    private long duplicates;
    private long lateArrivals;

    /** @param originNanos the {@link System#nanoTime()} arrival times count from (the reference times' zero) */
    TransportArrivals(long originNanos) {
        this.originNanos = originNanos;
    }

    /** A packet with transport-wide sequence number {@code seq} (16 bits) from {@code ssrc} arrived at {@code nanos}. */
    synchronized void received(int seq, long ssrc, long nanos) {
        long ext = unwrap(seq & 0xffff);
        long micros = Math.max(0, (nanos - originNanos) / 1000);
        Long oldest = arrivals.isEmpty() ? null : arrivals.firstKey();
        if (arrivals.putIfAbsent(ext, micros) != null) {
            duplicates++;
            return;
        }
        packetsRecorded++;
        mediaSsrc = ssrc;
        if (nextToReport < 0) {
            nextToReport = ext;
        } else if (ext < nextToReport && feedbackPackets == 0) {
            nextToReport = ext;
        } else if (ext < nextToReport && oldest != null && ext > oldest) {
            // Reported missing already: say again from here that it came.
            lateArrivals++;
            nextToReport = ext;
        }
    }

    /** Sends the feedback about everything that arrived since the last; call every {@link #INTERVAL_NANOS}. */
    void sendFeedback(FeedbackChannel channel, long nowNanos) {
        List<byte[]> packets;
        synchronized (this) {
            packets = feedback(channel.localSsrc(), nowNanos);
        }
        packets.forEach(channel::send);
    }

    /** The feedback packets about the arrivals not yet reported (none when there are none). */
    synchronized List<byte[]> feedback(long senderSsrc, long nowNanos) {
        if (nextToReport < 0 || nextToReport > highest) {
            return List.of();
        }
        long first = Math.max(nextToReport, highest - MAX_RANGE + 1);
        long[] micros = new long[(int) (highest - first + 1)];
        Arrays.fill(micros, -1);
        for (Map.Entry<Long, Long> e : arrivals.subMap(first, true, highest, true).entrySet()) {
            micros[(int) (e.getKey() - first)] = e.getValue();
        }
        List<byte[]> packets = RtcpFeedback.transportFeedback(senderSsrc, mediaSsrc, first, micros, feedbackCount);
        feedbackCount = (feedbackCount + packets.size()) & 0xff;
        feedbackPackets += packets.size();
        nextToReport = highest + 1;
        long keepFrom = (nowNanos - originNanos - HISTORY_NANOS) / 1000;
        arrivals.entrySet().removeIf(e -> e.getValue() < keepFrom && e.getKey() < nextToReport);
        return packets;
    }

    synchronized Counters counters() {
        return new Counters(feedbackPackets, packetsRecorded, duplicates, lateArrivals);
    }

    /**
     * The transport-wide sequence number in an RTP packet's header extension with this id (RFC 8285, one-byte
     * or two-byte form), or -1 when it has none.
     */
    static int sequenceNumber(byte[] buf, int off, int len, int extensionId) {
        if (len < 12 || (buf[off] & 0x10) == 0) {
            return -1;
        }
        int p = off + 12 + 4 * (buf[off] & 0x0f);
        if (p + 4 > off + len) {
            return -1;
        }
        int profile = (buf[p] & 0xff) << 8 | buf[p + 1] & 0xff;
        int end = p + 4 + 4 * ((buf[p + 2] & 0xff) << 8 | buf[p + 3] & 0xff);
        boolean oneByte = profile == 0xbede;
        if ((!oneByte && (profile & 0xfff0) != 0x1000) || end > off + len) {
            return -1;
        }
        p += 4;
        while (p < end) {
            int id = oneByte ? (buf[p] & 0xff) >> 4 : buf[p] & 0xff;
            if (id == 0) {
                p++;
                continue;
            }
            if (oneByte && id == 15 || !oneByte && p + 1 >= end) {
                return -1;
            }
            int length = oneByte ? (buf[p] & 0x0f) + 1 : buf[p + 1] & 0xff;
            int data = p + (oneByte ? 1 : 2);
            if (data + length > end) {
                return -1;
            }
            if (id == extensionId) {
                return length < 2 ? -1 : (buf[data] & 0xff) << 8 | buf[data + 1] & 0xff;
            }
            p = data + length;
        }
        return -1;
    }

    /** The 64-bit sequence number nearest the highest so far; starts one cycle up, so early reordering stays positive. */
    private long unwrap(int seq) {
        if (highest < 0) {
            highest = (1L << 16) + seq;
            return highest;
        }
        long ext = highest + (short) (seq - (highest & 0xffff));
        highest = Math.max(highest, ext);
        return ext;
    }
}
