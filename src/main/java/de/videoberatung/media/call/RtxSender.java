package de.videoberatung.media.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Answers generic NACKs with RFC 4588 retransmissions. Every video packet the engine sends is
 * copied into a ring indexed by its sequence number (1024 packets, about 1.5 s of 640x480 video at
 * 700 kbit/s); a NACKed packet still in the ring and under {@link #MAX_AGE_NANOS} old goes out again
 * as an RTX packet: the RTX payload type and SSRC, RTX's own sequence numbers, and the original
 * sequence number (OSN) in front of the original payload. Plain resends on the media SSRC would be
 * dropped by jitsi-srtp's replay check on the sending side.
 *
 * <p>Retransmissions are limited by a token bucket to {@link #BUDGET_SHARE} of the estimate, and one
 * packet is resent at most once per round trip (the browser repeats its NACK when the resend is lost).
 * Thread-safe: packets are recorded on the send thread, NACKs arrive on the RTCP thread.
 */
final class RtxSender {

    static final long MAX_AGE_NANOS = 1_000_000_000L;
    static final double BUDGET_SHARE = 0.25;
    private static final int SLOTS = 1024;

    /** Where RTX packets go (libjitsi's stream, after the tap). */
    interface Sink {
        void send(byte[] packet, int length);
    }

    private final int payloadType;
    private final long ssrc;
    private final Sink sink;
    private final IntSupplier rttMillis;
    private final byte[][] packets = new byte[SLOTS][];
    private final int[] lengths = new int[SLOTS];
    private final int[] sequences = new int[SLOTS];
    private final long[] sentAt = new long[SLOTS];
    private final long[] resentAt = new long[SLOTS];
    private int nextSequence = ThreadLocalRandom.current().nextInt(0x10000);
    private double tokensBits;
    private double rateBitsPerSecond = SendRateController.START_KBPS * 1000 * BUDGET_SHARE;
    private long tokensAt;
    private long retransmitted;
    private long notFound;
    private long limited;
    private long lostForGood;
    private long newestLostForGood = -1;
    private int newestSequence = -1;
    private long probes;

    RtxSender(int payloadType, long ssrc, Sink sink, IntSupplier rttMillis) {
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sink = sink;
        this.rttMillis = rttMillis;
    }

    long ssrc() {
        return ssrc;
    }

    /** The round trip the resends are paced by, in ms. */
    long rttMillis() {
        return rttMillis.getAsInt();
    }

    /** The budget for retransmissions follows the estimate of what the link carries. */
    synchronized void setEstimate(int estimateKbps) {
        rateBitsPerSecond = estimateKbps * 1000.0 * BUDGET_SHARE;
    }

    /** A media packet that has just been sent (clear-text RTP). */
    synchronized void sent(byte[] buf, int off, int len, long nowNanos) {
        if (len < 12) {
            return;
        }
        int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        int slot = seq & (SLOTS - 1);
        byte[] copy = packets[slot];
        if (copy == null || copy.length < len) {
            copy = new byte[Math.max(len, 1300)];
            packets[slot] = copy;
        }
        System.arraycopy(buf, off, copy, 0, len);
        lengths[slot] = len;
        sequences[slot] = seq;
        sentAt[slot] = nowNanos;
        resentAt[slot] = 0;
        newestSequence = seq;
    }

    /**
     * RTX copies of the newest {@code count} packets sent (as far as cached and under {@link #MAX_AGE_NANOS}),
     * oldest first, to be paced as a probe: the browser's estimator reads their rate, the browser drops the
     * duplicates. Outside the retransmission budget and counters.
     */
    synchronized List<byte[]> probe(int count, long nowNanos) {
        List<byte[]> out = new ArrayList<>(count);
        for (int i = count - 1; newestSequence >= 0 && i >= 0; i--) {
            int seq = (newestSequence - i) & 0xffff;
            int slot = seq & (SLOTS - 1);
            if (packets[slot] != null && sequences[slot] == seq && nowNanos - sentAt[slot] <= MAX_AGE_NANOS) {
                byte[] rtx = wrap(seq, slot);
                if (rtx != null) {
                    out.add(rtx);
                }
            }
        }
        probes += out.size();
        return out;
    }

    synchronized long probes() {
        return probes;
    }

    /**
     * Retransmits the NACKed packets that are still cached, within the budget.
     *
     * @return how many were retransmitted
     */
    int onNack(List<Integer> lost, long nowNanos) {
        int sent = 0;
        for (int seq : lost) {
            byte[] rtx;
            synchronized (this) {
                rtx = retransmission(seq, nowNanos);
            }
            if (rtx != null) {
                sink.send(rtx, rtx.length);
                sent++;
            }
        }
        return sent;
    }

    private byte[] retransmission(int seq, long now) {
        int slot = seq & (SLOTS - 1);
        if (packets[slot] == null || sequences[slot] != seq || now - sentAt[slot] > MAX_AGE_NANOS) {
            notFound++;
            if (packets[slot] != null && sequences[slot] == seq) {
                lostForGood++;
                newestLostForGood = Math.max(newestLostForGood, sentAt[slot]);
            }
            return null;
        }
        long rtt = Math.max(20, rttMillis.getAsInt()) * 1_000_000L;
        if (resentAt[slot] != 0 && now - resentAt[slot] < rtt) {
            return null;
        }
        if (headerLength(packets[slot], lengths[slot]) < 0) {
            return null;
        }
        refill(now);
        int bits = (lengths[slot] + 2) * 8;
        if (tokensBits < bits) {
            limited++;
            return null;
        }
        tokensBits -= bits;
        resentAt[slot] = now;
        retransmitted++;
        return wrap(seq, slot);
    }

    /** The cached packet of {@code slot} as RTX (RFC 4588): our RTX PT, SSRC and sequence number, then the OSN. */
    private byte[] wrap(int seq, int slot) {
        byte[] original = packets[slot];
        int len = lengths[slot];
        int header = headerLength(original, len);
        if (header < 0) {
            return null;
        }
        byte[] rtx = new byte[len + 2];
        System.arraycopy(original, 0, rtx, 0, header);
        rtx[1] = (byte) ((original[1] & 0x80) | payloadType);
        rtx[2] = (byte) (nextSequence >> 8);
        rtx[3] = (byte) nextSequence;
        nextSequence = (nextSequence + 1) & 0xffff;
        rtx[8] = (byte) (ssrc >> 24);
        rtx[9] = (byte) (ssrc >> 16);
        rtx[10] = (byte) (ssrc >> 8);
        rtx[11] = (byte) ssrc;
        rtx[header] = (byte) (seq >> 8);
        rtx[header + 1] = (byte) seq;
        System.arraycopy(original, header, rtx, header + 2, len - header);
        return rtx;
    }

    private void refill(long now) {
        double capacity = rateBitsPerSecond * 0.5;
        if (tokensAt == 0) {
            tokensBits = capacity;
        } else {
            tokensBits = Math.min(capacity, tokensBits + rateBitsPerSecond * (now - tokensAt) / 1e9);
        }
        tokensAt = now;
    }

    /** Fixed header, CSRCs and header extension; -1 when the packet is malformed. */
    private static int headerLength(byte[] p, int len) {
        int header = 12 + 4 * (p[0] & 0x0f);
        if ((p[0] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            header += 4 + 4 * (((p[header + 2] & 0xff) << 8) | (p[header + 3] & 0xff));
        }
        return header <= len ? header : -1;
    }

    synchronized long retransmitted() {
        return retransmitted;
    }

    synchronized long notFound() {
        return notFound;
    }

    synchronized long limited() {
        return limited;
    }

    /**
     * How many NACKed packets were sent too long ago to be resent: the browser cannot repair the frame they
     * belong to and would wait for its own key-frame timeout (about 3 s in Chromium).
     */
    synchronized long lostForGood() {
        return lostForGood;
    }

    /** When the newest of the packets {@link #lostForGood() lost for good} was first sent (nanoTime), or -1. */
    synchronized long newestLostForGoodSentAt() {
        return newestLostForGood;
    }
}
