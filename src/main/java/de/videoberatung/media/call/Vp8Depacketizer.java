package de.videoberatung.media.call;

import java.io.ByteArrayOutputStream;

/**
 * Reassembles VP8 frames from RTP payloads (RFC 7741). A frame starts with a packet whose payload
 * descriptor has S=1 and partition id 0, and ends with the RTP marker bit. A gap in sequence
 * numbers drops the frame being assembled and every following frame up to the next key frame,
 * because decoding inter frames on top of a lost reference only produces smear.
 */
final class Vp8Depacketizer {

    /** A complete VP8 frame. */
    record Frame(byte[] data, boolean keyFrame, long rtpTimestamp) {
    }

    private final ByteArrayOutputStream current = new ByteArrayOutputStream(64 * 1024);
    private boolean assembling;
    private boolean currentIsKey;
    private long currentTimestamp;
    private int lastSeq = -1;
    private boolean waitingForKeyFrame = true;

    /** True while frames are being dropped until a key frame arrives: the sender should be asked for one. */
    boolean needsKeyFrame() {
        return waitingForKeyFrame;
    }

    /**
     * Feeds one RTP packet's VP8 payload.
     *
     * @return the frame this packet completes, or {@code null}
     */
    Frame push(byte[] buf, int payloadOffset, int payloadLength, int seq, long timestamp, boolean marker) {
        if (lastSeq >= 0 && ((lastSeq + 1) & 0xffff) != seq) {
            assembling = false;
            waitingForKeyFrame = true;
        }
        lastSeq = seq;
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
        int dataLength = payloadLength - descriptorLength;
        if (start) {
            current.reset();
            assembling = true;
            // VP8 payload header: P bit 0 means key frame (RFC 6386 section 9.1).
            currentIsKey = (buf[dataOffset] & 0x01) == 0;
            currentTimestamp = timestamp;
        } else if (!assembling || timestamp != currentTimestamp) {
            assembling = false;
            return null;
        }
        current.write(buf, dataOffset, dataLength);
        if (!marker) {
            return null;
        }
        assembling = false;
        if (waitingForKeyFrame && !currentIsKey) {
            return null;
        }
        waitingForKeyFrame = false;
        return new Frame(current.toByteArray(), currentIsKey, currentTimestamp);
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
