package de.videoberatung.media.call;

import java.util.List;

/**
 * Reads VP8 RTP payloads (RFC 7741): where a packet's VP8 data starts, whether it begins a frame
 * (descriptor S=1 and partition id 0) and whether that frame is a key frame; and joins the data of a
 * frame's packets. Stateless: ordering, loss and repair are {@link VideoJitterBuffer}'s business.
 */
final class Vp8Depacketizer {

    /** A complete VP8 frame. */
    record Frame(byte[] data, boolean keyFrame, long rtpTimestamp) {
    }

    /**
     * One packet's VP8 payload, parsed.
     *
     * @param start the packet begins a frame
     * @param keyFrame the frame it begins is a key frame (only meaningful when {@code start})
     * @param dataOffset where the VP8 data starts in the buffer (after the payload descriptor)
     */
    record Payload(boolean start, boolean keyFrame, int dataOffset, int dataLength) {
    }

    private Vp8Depacketizer() {
    }

    /** Parses one packet's RTP payload; {@code null} when it is empty or its descriptor is truncated. */
    static Payload parse(byte[] buf, int payloadOffset, int payloadLength) {
        if (payloadLength < 1) {
            return null;
        }
        int descriptorLength = descriptorLength(buf, payloadOffset, payloadLength);
        if (descriptorLength < 0 || descriptorLength >= payloadLength) {
            return null;
        }
        int b0 = buf[payloadOffset] & 0xff;
        boolean start = (b0 & 0x10) != 0 && (b0 & 0x07) == 0;
        int dataOffset = payloadOffset + descriptorLength;
        // VP8 payload header: P bit 0 means key frame (RFC 6386 section 9.1).
        boolean key = start && (buf[dataOffset] & 0x01) == 0;
        return new Payload(start, key, dataOffset, payloadLength - descriptorLength);
    }

    /** Concatenates a frame's VP8 data, packets in sequence order. */
    static Frame join(List<byte[]> parts, boolean keyFrame, long rtpTimestamp) {
        int size = 0;
        for (byte[] p : parts) {
            size += p.length;
        }
        byte[] data = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, data, at, p.length);
            at += p.length;
        }
        return new Frame(data, keyFrame, rtpTimestamp);
    }

    /** Length of the VP8 payload descriptor, or -1 when it is truncated. */
    static int descriptorLength(byte[] buf, int off, int len) {
        int n = 1;
        if ((buf[off] & 0x80) == 0) {
            return n;
        }
        if (len < 2) {
            return -1;
        }
        int x = buf[off + 1] & 0xff;
        n++;
        if ((x & 0x80) != 0) {
            if (len < n + 1) {
                return -1;
            }
            n += (buf[off + n] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) {
            n++;
        }
        if ((x & 0x30) != 0) {
            n++;
        }
        return n <= len ? n : -1;
    }
}
