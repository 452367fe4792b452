package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Vp8DepacketizerTest {

    @Test
    void aFramesFirstPacketWithAKeyFrameHeaderIsAKeyFrameStart() {
        byte[] p = {0x10, 0x00, 0x42};

        Vp8Depacketizer.Payload payload = Vp8Depacketizer.parse(p, 0, p.length);

        assertThat(payload.start()).isTrue();
        assertThat(payload.keyFrame()).isTrue();
        assertThat(payload.dataOffset()).isEqualTo(1);
        assertThat(payload.dataLength()).isEqualTo(2);
    }

    @Test
    void anInterFrameStartAndAContinuationAreNoKeyFrames() {
        byte[] delta = {0x10, 0x01};
        byte[] continuation = {0x00, 0x00};

        assertThat(Vp8Depacketizer.parse(delta, 0, 2).start()).isTrue();
        assertThat(Vp8Depacketizer.parse(delta, 0, 2).keyFrame()).isFalse();
        assertThat(Vp8Depacketizer.parse(continuation, 0, 2).start()).isFalse();
        assertThat(Vp8Depacketizer.parse(continuation, 0, 2).keyFrame()).isFalse();
    }

    @Test
    void aLaterPartitionIsNoFrameStart() {
        byte[] p = {0x11, 0x00};

        assertThat(Vp8Depacketizer.parse(p, 0, 2).start()).isFalse();
    }

    @Test
    void emptyOrTruncatedPayloadsAreRejected() {
        assertThat(Vp8Depacketizer.parse(new byte[0], 0, 0)).isNull();
        assertThat(Vp8Depacketizer.parse(new byte[] {(byte) 0x90}, 0, 1)).isNull();
        assertThat(Vp8Depacketizer.parse(new byte[] {0x10}, 0, 1)).as("descriptor only").isNull();
    }

    @Test
    void skipsTheExtendedDescriptorWithA15BitPictureId() {
        // X=1, S=1 | I=1, L=1 | M=1 picture id (2 bytes) | TL0PICIDX | payload (key frame)
        byte[] p = {(byte) 0x90, (byte) 0xC0, (byte) 0x80, 0x05, 0x07, 0x00, 0x42};

        assertThat(Vp8Depacketizer.descriptorLength(p, 0, p.length)).isEqualTo(5);
        Vp8Depacketizer.Payload payload = Vp8Depacketizer.parse(p, 0, p.length);
        assertThat(payload.dataOffset()).isEqualTo(5);
        assertThat(payload.keyFrame()).isTrue();
    }

    @Test
    void joinsAFramesPartsInOrder() {
        Vp8Depacketizer.Frame f = Vp8Depacketizer.join(List.of(new byte[] {1, 2}, new byte[] {3}), true, 900);

        assertThat(f.data()).containsExactly(1, 2, 3);
        assertThat(f.keyFrame()).isTrue();
        assertThat(f.rtpTimestamp()).isEqualTo(900);
    }
}
