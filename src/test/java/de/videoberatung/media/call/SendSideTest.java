package de.videoberatung.media.call;

import static de.videoberatung.media.call.RtcpPacketTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The browser's RTCP bytes, as the tap hands them over, reaching the real encoder and the RTX sender. */
class SendSideTest {

    private static final long VIDEO = 0x11223344L;
    private static final long AUDIO = 0x01020304L;

    private final Vp8Encoder encoder = new Vp8Encoder(400, 20, 0, 0);
    private final SendSide side = new SendSide(1, encoder, 640, 480, 20);
    private final List<byte[]> rtxSent = new ArrayList<>();
    private final Vp8EncoderTest.Clip clip = new Vp8EncoderTest.Clip();
    private long nanos = 1_000_000_000L;

    @AfterEach
    void close() {
        encoder.close();
    }

    @Test
    void pliAndEachNewFirSequenceNumberBringAKeyFrameOnTheNextEncodedFrame() {
        side.attach(AUDIO, VIDEO, null);
        encodeFrames(10);

        rtcp(MediaType.VIDEO, "81ce0002 00000001 11223344");
        assertThat(encodeFrames(1).get(0).keyFrame()).as("after a PLI").isTrue();
        encodeFrames(10);
        rtcp(MediaType.VIDEO, "84ce0004 00000001 00000000 11223344 05000000");
        assertThat(encodeFrames(1).get(0).keyFrame()).as("after FIR #5").isTrue();
        encodeFrames(10);
        rtcp(MediaType.VIDEO, "84ce0004 00000001 00000000 11223344 05000000");
        assertThat(encodeFrames(1).get(0).keyFrame()).as("FIR #5 repeated: already answered").isFalse();

        VideoSendStats stats = side.stats();
        assertThat(stats.keyFrameRequests()).isEqualTo(2);
        assertThat(stats.lastKeyFrameResponseMs()).isBetween(0L, 100L);
    }

    @Test
    void aNackForOurVideoIsAnsweredWithRtx() {
        RtxSender rtx = new RtxSender(97, 0x55667788L, (p, len) -> rtxSent.add(p), () -> 50);
        side.attach(AUDIO, VIDEO, rtx);
        byte[] media = {(byte) 0x80, 96, 0x01, 0x2c, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 0x10, 0x00};
        side.videoSent(media, 0, media.length);

        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012c0000");
        rtcp(MediaType.VIDEO, "81cd0003 00000001 99999999 012c0000");

        assertThat(rtxSent).hasSize(1);
        assertThat(side.stats().nackedPackets()).isEqualTo(1);
        assertThat(side.stats().retransmissions()).isEqualTo(1);
    }

    @Test
    void rembAndHeavyLossLowerTheEncodersTargetAndAudioOnlyIsReported() {
        side.attach(AUDIO, VIDEO, null);
        // REMB 300,000 bit/s: exponent 0, mantissa 300,000 = 0x493e0 does not fit 18 bits; use 2^1 * 150,000.
        rtcp(MediaType.VIDEO, "8fce0005 00000001 00000000 52454d42 01 06 49f0 11223344");
        assertThat(side.stats().rembKbps()).isEqualTo(300);
        assertThat(encoder.targetKbps()).isEqualTo(260);

        for (int i = 0; i < 10 && !side.stats().suspended(); i++) {
            nanos += 1_000_000_000L;
            // RR about our video: 128/256 lost.
            rtcp(MediaType.VIDEO, "81c90007 00000001 11223344 80000010 00000100 00000005 00000000 00000000");
        }

        assertThat(side.stats().suspended()).isTrue();
        assertThat(encoder.suspended()).isTrue();
        assertThat(encodeFrames(5)).isEmpty();
    }

    private void rtcp(MediaType type, String hexBytes) {
        byte[] b = hex(hexBytes);
        side.received(type, RtcpPacket.parse(b, 0, b.length), nanos);
    }

    private List<Vp8Encoder.Frame> encodeFrames(int n) {
        List<Vp8Encoder.Frame> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Vp8Encoder.Frame f = encoder.encode(clip.next(), 640, 480, nanos);
            nanos += 50_000_000L;
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }
}
