package de.videoberatung.media.call;

import java.util.ArrayList;
import java.util.List;

/**
 * The RTCP packets the engine acts on, parsed from a clear-text compound packet (the tap in libjitsi's
 * chain sees them inside SRTCP): sender and receiver reports (RFC 3550), generic NACK (RFC 4585),
 * PLI (RFC 4585), FIR (RFC 5104) and REMB (draft-alvestrand-rmcat-remb). Everything else (SDES,
 * BYE, XR, transport-cc, ...) is skipped. Malformed packets end the parse of their compound: what
 * came before them is returned.
 */
sealed interface RtcpPacket {

    int SR = 200;
    int RR = 201;
    int RTPFB = 205;
    int PSFB = 206;

    /** One reception report block about a source the reporter receives. */
    record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                       long lastSenderReport, long delaySinceLastSenderReport) {

        /** The loss fraction over the report interval, 0..1. */
        double loss() {
            return fractionLost / 256.0;
        }
    }

    record SenderReport(long senderSsrc, long ntpTimestamp, long rtpTimestamp, long packets, long octets,
                        List<ReportBlock> blocks) implements RtcpPacket {
    }

    record ReceiverReport(long senderSsrc, List<ReportBlock> blocks) implements RtcpPacket {
    }

    /** Generic NACK: the lost sequence numbers, each 0..65535, in packet order. */
    record Nack(long senderSsrc, long mediaSsrc, List<Integer> lost) implements RtcpPacket {
    }

    record Pli(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    }

    /** Full intra request: one entry per source asked, each with its command sequence number. */
    record Fir(long senderSsrc, List<FirEntry> entries) implements RtcpPacket {
    }

    record FirEntry(long ssrc, int sequence) {
    }

    /** Receiver estimated maximum bitrate for the listed sources, in bit/s. */
    record Remb(long senderSsrc, long bitrate, List<Long> ssrcs) implements RtcpPacket {
    }

    /** The packets of a compound RTCP packet that the engine understands. */
    static List<RtcpPacket> parse(byte[] buf, int off, int len) {
        List<RtcpPacket> out = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            int first = buf[p] & 0xff;
            int length = (u16(buf, p + 2) + 1) * 4;
            if ((first >> 6) != 2 || p + length > end) {
                break;
            }
            int count = first & 0x1f;
            int type = buf[p + 1] & 0xff;
            RtcpPacket packet = switch (type) {
                case SR -> length >= 28 ? new SenderReport(u32(buf, p + 4), u64(buf, p + 8), u32(buf, p + 16),
                        u32(buf, p + 20), u32(buf, p + 24), blocks(buf, p + 28, p + length, count)) : null;
                case RR -> length >= 8 ? new ReceiverReport(u32(buf, p + 4), blocks(buf, p + 8, p + length, count)) : null;
                case RTPFB -> count == 1 && length >= 12 ? nack(buf, p, length) : null;
                case PSFB -> length >= 12 ? payloadSpecific(buf, p, length, count) : null;
                default -> null;
            };
            if (packet != null) {
                out.add(packet);
            }
            p += length;
        }
        return out;
    }

    private static List<ReportBlock> blocks(byte[] b, int from, int end, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0, q = from; i < count && q + 24 <= end; i++, q += 24) {
            int lost = (b[q + 5] & 0xff) << 16 | (b[q + 6] & 0xff) << 8 | (b[q + 7] & 0xff);
            if ((lost & 0x800000) != 0) {
                lost -= 0x1000000; // signed 24 bits: duplicates can make it negative
            }
            blocks.add(new ReportBlock(u32(b, q), b[q + 4] & 0xff, lost, u32(b, q + 8), u32(b, q + 12),
                    u32(b, q + 16), u32(b, q + 20)));
        }
        return List.copyOf(blocks);
    }

    private static Nack nack(byte[] b, int p, int length) {
        List<Integer> lost = new ArrayList<>();
        for (int q = p + 12; q + 4 <= p + length; q += 4) {
            int pid = u16(b, q);
            int blp = u16(b, q + 2);
            lost.add(pid);
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    lost.add((pid + bit + 1) & 0xffff);
                }
            }
        }
        return new Nack(u32(b, p + 4), u32(b, p + 8), List.copyOf(lost));
    }

    private static RtcpPacket payloadSpecific(byte[] b, int p, int length, int fmt) {
        long sender = u32(b, p + 4);
        switch (fmt) {
            case 1:
                return new Pli(sender, u32(b, p + 8));
            case 4: {
                List<FirEntry> entries = new ArrayList<>();
                for (int q = p + 12; q + 8 <= p + length; q += 8) {
                    entries.add(new FirEntry(u32(b, q), b[q + 4] & 0xff));
                }
                return new Fir(sender, List.copyOf(entries));
            }
            case 15: {
                int q = p + 12;
                if (length < 20 || b[q] != 'R' || b[q + 1] != 'E' || b[q + 2] != 'M' || b[q + 3] != 'B') {
                    return null;
                }
                int n = b[q + 4] & 0xff;
                int exp = (b[q + 5] & 0xff) >> 2;
                long mantissa = ((b[q + 5] & 0x03L) << 16) | ((b[q + 6] & 0xffL) << 8) | (b[q + 7] & 0xffL);
                List<Long> ssrcs = new ArrayList<>(n);
                for (int i = 0, s = q + 8; i < n && s + 4 <= p + length; i++, s += 4) {
                    ssrcs.add(u32(b, s));
                }
                long bitrate = exp > 45 ? Long.MAX_VALUE : mantissa << exp;
                return new Remb(sender, bitrate, List.copyOf(ssrcs));
            }
            default:
                return null;
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    private static long u64(byte[] b, int i) {
        return (u32(b, i) << 32) | u32(b, i + 4);
    }
}
