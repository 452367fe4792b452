package de.videoberatung.media.call;

/**
 * Gives the engine's video packets consecutive RTP sequence numbers as they leave libjitsi's chain.
 *
 * <p>FMJ numbers RTP packets from its buffers' sequence numbers ({@code SendSSRCInfo.getSequenceNumber}):
 * the capture stage counts frames, and a frame the encoder does not emit (frame-rate decimation,
 * libvpx's own rate-control drop, a suspension) makes the next packet jump by one. The browser takes
 * that hole for a lost packet it can never get back (no picture ID in libjitsi's VP8 descriptor, so
 * Chromium's seq-only reference finder holds every later frame) and freezes until its 3 s key-frame
 * timeout; its receiver reports count the holes as loss. Packets of another SSRC (a stream being
 * replaced by a fresh offer) pass unchanged.
 */
final class SequenceRewriter {

    private long ssrc = -1;
    private int lastIn = -1;
    private int next;
    private long holes;

    /** A new send stream: its first packet keeps FMJ's (random) number, later ones follow it. */
    synchronized void restart(long newSsrc) {
        ssrc = newSsrc;
        lastIn = -1;
    }

    /** Whether the packet at {@code off} is RTP of the current send stream (DTLS records pass the same chain). */
    synchronized boolean current(byte[] buf, int off, int len) {
        return len >= 12 && ssrc >= 0 && (buf[off] & 0xc0) == 0x80 && ssrcOf(buf, off) == ssrc;
    }

    /** Rewrites the sequence number of the RTP packet at {@code off} in place if it is of the current SSRC. */
    synchronized void rewrite(byte[] buf, int off, int len) {
        if (len < 12 || ssrc < 0 || ssrcOf(buf, off) != ssrc) {
            return;
        }
        int in = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        if (lastIn < 0) {
            next = in;
        } else {
            int step = (in - lastIn) & 0xffff;
            if (step > 1 && step < 0x8000) {
                holes += step - 1;
            }
        }
        lastIn = in;
        buf[off + 2] = (byte) (next >> 8);
        buf[off + 3] = (byte) next;
        next = (next + 1) & 0xffff;
    }

    /** Sequence numbers FMJ skipped so far (each one a hole the browser would have seen). */
    synchronized long holes() {
        return holes;
    }

    private static long ssrcOf(byte[] b, int off) {
        return ((b[off + 8] & 0xffL) << 24) | ((b[off + 9] & 0xffL) << 16) | ((b[off + 10] & 0xffL) << 8)
                | (b[off + 11] & 0xffL);
    }
}
