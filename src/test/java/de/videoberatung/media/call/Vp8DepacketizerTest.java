package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Vp8DepacketizerTest {

    /** A payload with the 1-byte descriptor {@code S=1,PID=0} (or {@code S=0}) and VP8 data. */
    private static byte[] payload(boolean start, boolean keyFrame, int... data) {
        byte[] p = new byte[1 + Math.max(1, data.length)];
        p[0] = (byte) (start ? 0x10 : 0x00);
        for (int i = 0; i < data.length; i++) {
            p[1 + i] = (byte) data[i];
        }
        if (start) {
            p[1] = (byte) (keyFrame ? (p[1] & ~1) : (p[1] | 1));
        }
        return p;
    }

    @Test
    void reassemblesAFrameFromItsPacketsUpToTheMarker() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        byte[] first = payload(true, true, 0x10, 0x11);
        byte[] second = payload(false, false, 0x20);

        assertThat(d.push(first, 0, first.length, 1, 900, false)).isNull();
        Vp8Depacketizer.Frame frame = d.push(second, 0, second.length, 2, 900, true);

        assertThat(frame).isNotNull();
        assertThat(frame.keyFrame()).isTrue();
        assertThat(frame.data()).containsExactly(0x10, 0x11, 0x20);
        assertThat(d.needsKeyFrame()).isFalse();
    }

    @Test
    void dropsInterFramesUntilTheFirstKeyFrame() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        byte[] delta = payload(true, false, 0x01);

        assertThat(d.push(delta, 0, delta.length, 1, 100, true)).isNull();
        assertThat(d.needsKeyFrame()).isTrue();
    }

    @Test
    void aLostPacketDropsFramesUntilTheNextKeyFrame() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        byte[] key = payload(true, true, 0x00);
        byte[] delta = payload(true, false, 0x01);
        assertThat(d.push(key, 0, key.length, 10, 100, true)).isNotNull();

        assertThat(d.push(delta, 0, delta.length, 12, 200, true)).as("sequence 11 lost").isNull();
        assertThat(d.needsKeyFrame()).isTrue();
        assertThat(d.push(delta, 0, delta.length, 13, 300, true)).isNull();
        assertThat(d.push(key, 0, key.length, 14, 400, true)).isNotNull();
        assertThat(d.needsKeyFrame()).isFalse();
    }

    @Test
    void sequenceNumbersWrapAround() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        byte[] key = payload(true, true, 0x00);
        byte[] delta = payload(true, false, 0x01);
        d.push(key, 0, key.length, 65535, 100, true);

        assertThat(d.push(delta, 0, delta.length, 0, 200, true)).isNotNull();
    }

    @Test
    void skipsTheExtendedDescriptorWithA15BitPictureId() {
        // X=1, S=1 | I=1, L=1 | M=1 picture id (2 bytes) | TL0PICIDX | payload (key frame)
        byte[] p = {(byte) 0x90, (byte) 0xC0, (byte) 0x80, 0x05, 0x07, 0x00, 0x42};

        assertThat(Vp8Depacketizer.descriptorLength(p, 0, p.length)).isEqualTo(5);
        Vp8Depacketizer.Frame frame = new Vp8Depacketizer().push(p, 0, p.length, 1, 1, true);
        assertThat(frame.data()).containsExactly(0x00, 0x42);
    }
}
