package de.videoberatung.media.call;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Round-trip time from RTCP (RFC 3550 section 6.4.1): our sender report's middle 32 NTP bits come
 * back as LSR in the browser's report block, with DLSR the time the browser held it. libjitsi's own
 * RTT computation mixes clock bases and reports nonsense, so the send time is taken from our clock.
 */
final class RoundTripClock {

    private final Map<Long, Long> sentAt = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 32;
        }
    };
    private volatile long rttMillis = -1;

    /** An outgoing RTCP compound packet, in clear text. */
    synchronized void sent(byte[] buf, int off, int len) {
        forEachPacket(buf, off, len, (pt, p, plen) -> {
            if (pt == 200 && plen >= 20) {
                long middle = ((readInt(buf, p + 8) & 0xffffL) << 16) | (readInt(buf, p + 12) >>> 16 & 0xffffL);
                sentAt.put(middle, System.nanoTime());
            }
        });
    }

    /** An incoming RTCP compound packet, in clear text. */
    void received(byte[] buf, int off, int len) {
        long now = System.nanoTime();
        forEachPacket(buf, off, len, (pt, p, plen) -> {
            int blocks = buf[p] & 0x1f;
            int first = pt == 200 ? p + 28 : (pt == 201 ? p + 8 : -1);
            for (int b = 0; first >= 0 && b < blocks && first + (b + 1) * 24 <= p + plen; b++) {
                int block = first + b * 24;
                long lsr = readInt(buf, block + 16) & 0xffffffffL;
                long dlsr = readInt(buf, block + 20) & 0xffffffffL;
                Long sent;
                synchronized (this) {
                    sent = sentAt.get(lsr);
                }
                if (lsr != 0 && sent != null) {
                    long rtt = (now - sent) / 1_000_000 - dlsr * 1000 / 65536;
                    rttMillis = Math.max(0, rtt);
                }
            }
        });
    }

    long rttMillis() {
        return rttMillis;
    }

    private interface PacketVisitor {
        void visit(int packetType, int offset, int length);
    }

    private static void forEachPacket(byte[] buf, int off, int len, PacketVisitor visitor) {
        int p = off;
        int end = off + len;
        while (p + 4 <= end) {
            int plen = ((readShort(buf, p + 2)) + 1) * 4;
            if ((buf[p] & 0xc0) != 0x80 || p + plen > end) {
                return;
            }
            visitor.visit(buf[p + 1] & 0xff, p, plen);
            p += plen;
        }
    }

    private static int readShort(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }
}
