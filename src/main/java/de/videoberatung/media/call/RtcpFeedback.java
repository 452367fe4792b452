package de.videoberatung.media.call;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The RTCP feedback messages the receive side sends, as bytes (clear text, before SRTCP). */
final class RtcpFeedback {

    private static final int RTPFB = 205;
    private static final int PSFB = 206;

    /** Transport-wide feedback's FMT in an RTPFB packet. */
    static final int TRANSPORT_FEEDBACK_FMT = 15;
    /** Received packets one transport feedback reports at most: about 1,000 bytes of deltas, below any MTU. */
    static final int MAX_RECEIVED_PER_FEEDBACK = 400;
    /** Receive deltas count in 250 µs, the reference time in 64 ms (256 deltas). */
    static final long DELTA_MICROS = 250;
    static final long REFERENCE_MICROS = 64_000;
    private static final int MAX_STATUS_COUNT = 0xffff;
    private static final int MAX_RUN_LENGTH = 0x1fff;
    private static final int NOT_RECEIVED = 0;
    private static final int SMALL_DELTA = 1;
    private static final int LARGE_DELTA = 2;

    private RtcpFeedback() {
    }

    /** Picture loss indication (RFC 4585 section 6.3.1): the sender should send a key frame. */
    static byte[] pli(long senderSsrc, long mediaSsrc) {
        return ByteBuffer.allocate(12).put((byte) 0x81).put((byte) PSFB).putShort((short) 2)
                .putInt((int) senderSsrc).putInt((int) mediaSsrc).array();
    }

    /**
     * Generic NACK (RFC 4585 section 6.2.1): each FCI names one lost packet (PID) and, in a bit mask
     * (BLP), which of the following 16 are lost too.
     *
     * @param ascending extended sequence numbers in stream order; only their low 16 bits go on the wire
     */
    static byte[] nack(long senderSsrc, long mediaSsrc, long[] ascending) {
        ByteArrayOutputStream fci = new ByteArrayOutputStream();
        int i = 0;
        while (i < ascending.length) {
            long pid = ascending[i++];
            int blp = 0;
            while (i < ascending.length && ascending[i] - pid <= 16) {
                if (ascending[i] > pid) {
                    blp |= 1 << (ascending[i] - pid - 1);
                }
                i++;
            }
            fci.write((int) (pid >> 8) & 0xff);
            fci.write((int) pid & 0xff);
            fci.write(blp >> 8 & 0xff);
            fci.write(blp & 0xff);
        }
        int words = 2 + fci.size() / 4;
        return ByteBuffer.allocate(4 + words * 4).put((byte) 0x81).put((byte) RTPFB).putShort((short) words)
                .putInt((int) senderSsrc).putInt((int) mediaSsrc).put(fci.toByteArray()).array();
    }

    /**
     * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03): the rate the receiver
     * believes the path carries, as an 18-bit mantissa and a 6-bit exponent, for the listed streams.
     */
    static byte[] remb(long senderSsrc, long bitsPerSecond, long[] mediaSsrcs) {
        long mantissa = Math.max(0, bitsPerSecond);
        int exp = 0;
        while (mantissa > 0x3ffff) {
            mantissa >>= 1;
            exp++;
        }
        int words = 4 + mediaSsrcs.length;
        ByteBuffer b = ByteBuffer.allocate(4 + words * 4).put((byte) 0x8f).put((byte) PSFB).putShort((short) words)
                .putInt((int) senderSsrc).putInt(0).put(new byte[] {'R', 'E', 'M', 'B'})
                .putInt((mediaSsrcs.length << 24) | (exp << 18) | (int) mantissa);
        for (long ssrc : mediaSsrcs) {
            b.putInt((int) ssrc);
        }
        return b.array();
    }

    /**
     * Receiver report (RFC 3550 section 6.4.2) from {@code senderSsrc} with one report block about
     * {@code mediaSsrc}: the fraction lost since the last report (of 256), the cumulative loss (24 bits, signed),
     * the extended highest sequence number, the interarrival jitter, and LSR/DLSR for the sender's round trip.
     */
    static byte[] receiverReport(long senderSsrc, long mediaSsrc, int fractionLost, int cumulativeLost,
                                 long extendedHighest, long jitter, long lastSenderReport, long delaySinceLast) {
        return ByteBuffer.allocate(32).put((byte) 0x81).put((byte) RtcpPacket.RR).putShort((short) 7)
                .putInt((int) senderSsrc).putInt((int) mediaSsrc)
                .putInt((fractionLost << 24) | (cumulativeLost & 0xffffff))
                .putInt((int) extendedHighest).putInt((int) jitter)
                .putInt((int) lastSenderReport).putInt((int) delaySinceLast)
                .array();
    }

    /**
     * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
     * section 3.1) about consecutive transport-wide sequence numbers: for each, whether it arrived, and
     * when, as a delta of 250 µs to the previous received one (the first to the reference time, 64 ms
     * units). Deltas of 0..255 take one byte, others (reordering, pauses) two, signed; one that does not
     * fit even there (more than about 8 s) starts a further feedback packet with its own reference time,
     * as does a packet that would grow past {@link #MAX_RECEIVED_PER_FEEDBACK} received packets.
     *
     * @param firstSeq the sequence number of {@code arrivalMicros[0]}; its low 16 bits go on the wire
     * @param arrivalMicros the arrival of each sequence number from {@code firstSeq} on, in µs of a monotonic
     *     clock (not negative), or -1 for one that did not arrive
     * @param feedbackCount the feedback packet count of the first packet; further ones count on (8 bits)
     * @return the feedback packets, in order; none when no packet of the range arrived
     */
    static List<byte[]> transportFeedback(long senderSsrc, long mediaSsrc, long firstSeq, long[] arrivalMicros,
                                          int feedbackCount) {
        List<byte[]> packets = new ArrayList<>();
        int start = 0;
        while (start < arrivalMicros.length) {
            int firstReceived = start;
            while (firstReceived < arrivalMicros.length && arrivalMicros[firstReceived] < 0) {
                firstReceived++;
            }
            if (firstReceived == arrivalMicros.length) {
                break;
            }
            long reference = arrivalMicros[firstReceived] / REFERENCE_MICROS;
            // Deltas are taken between the rounded times, so rounding never accumulates.
            long previous = reference * (REFERENCE_MICROS / DELTA_MICROS);
            int[] symbols = new int[Math.min(arrivalMicros.length - start, MAX_STATUS_COUNT)];
            ByteArrayOutputStream deltas = new ByteArrayOutputStream();
            int end = start;
            int received = 0;
            while (end < arrivalMicros.length && end - start < MAX_STATUS_COUNT) {
                if (arrivalMicros[end] < 0) {
                    symbols[end++ - start] = NOT_RECEIVED;
                    continue;
                }
                long ticks = arrivalMicros[end] / DELTA_MICROS;
                long delta = ticks - previous;
                if (received == MAX_RECEIVED_PER_FEEDBACK || delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                    break;
                }
                if (delta >= 0 && delta <= 0xff) {
                    symbols[end - start] = SMALL_DELTA;
                    deltas.write((int) delta);
                } else {
                    symbols[end - start] = LARGE_DELTA;
                    deltas.write((int) (delta >> 8) & 0xff);
                    deltas.write((int) delta & 0xff);
                }
                previous = ticks;
                received++;
                end++;
            }
            packets.add(transportFeedbackPacket(senderSsrc, mediaSsrc, (int) ((firstSeq + start) & 0xffff), symbols,
                    end - start, reference, (feedbackCount + packets.size()) & 0xff, deltas.toByteArray()));
            start = end;
        }
        return packets;
    }

    private static byte[] transportFeedbackPacket(long senderSsrc, long mediaSsrc, int baseSeq, int[] symbols,
                                                  int count, long reference, int feedbackCount, byte[] deltas) {
        byte[] chunks = statusChunks(symbols, count);
        int length = 20 + chunks.length + deltas.length;
        int padding = (4 - length % 4) % 4;
        ByteBuffer b = ByteBuffer.allocate(length + padding)
                .put((byte) (0x80 | (padding > 0 ? 0x20 : 0) | TRANSPORT_FEEDBACK_FMT)).put((byte) RTPFB)
                .putShort((short) ((length + padding) / 4 - 1))
                .putInt((int) senderSsrc).putInt((int) mediaSsrc)
                .putShort((short) baseSeq).putShort((short) count)
                .putInt((int) ((reference & 0xffffff) << 8 | feedbackCount))
                .put(chunks).put(deltas);
        if (padding > 0) {
            // RFC 3550 padding: the last octet counts the padding octets, itself included.
            b.put(new byte[padding - 1]).put((byte) padding);
        }
        return b.array();
    }

    /**
     * The packet status chunks for {@code count} symbols: a run-length chunk for a run of seven or more
     * equal symbols, else a vector of fourteen 1-bit symbols (not received / small delta) where those
     * fit, else one of seven 2-bit symbols. Unused vector places at the end are zero.
     */
    private static byte[] statusChunks(int[] symbols, int count) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int i = 0;
        while (i < count) {
            int run = 1;
            while (i + run < count && run < MAX_RUN_LENGTH && symbols[i + run] == symbols[i]) {
                run++;
            }
            int chunk;
            if (run >= 7) {
                chunk = symbols[i] << 13 | run;
                i += run;
            } else {
                int n = Math.min(14, count - i);
                boolean oneBit = true;
                for (int k = 0; k < n; k++) {
                    oneBit &= symbols[i + k] != LARGE_DELTA;
                }
                if (oneBit) {
                    chunk = 0x8000;
                    for (int k = 0; k < n; k++) {
                        chunk |= symbols[i + k] << (13 - k);
                    }
                } else {
                    n = Math.min(7, count - i);
                    chunk = 0xc000;
                    for (int k = 0; k < n; k++) {
                        chunk |= symbols[i + k] << (12 - 2 * k);
                    }
                }
                i += n;
            }
            chunks.write(chunk >> 8 & 0xff);
            chunks.write(chunk & 0xff);
        }
        return chunks.toByteArray();
    }
}
