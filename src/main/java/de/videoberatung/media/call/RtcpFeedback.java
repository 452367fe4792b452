package de.videoberatung.media.call;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** The RTCP feedback messages the receive side sends, as bytes (clear text, before SRTCP). */
final class RtcpFeedback {

    private static final int RTPFB = 205;
    private static final int PSFB = 206;

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
}
