package de.videoberatung.media.call;

import static de.videoberatung.media.call.RtcpPacketTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    private long nanos = System.nanoTime();

    @AfterEach
    void close() {
        encoder.close();
    }

    @Test
    void pliAndEachNewFirSequenceNumberBringAKeyFrameOnTheNextEncodedFrame() {
        side.attach(AUDIO, VIDEO, null, null);
        side.secured();
        encodeFrames(10);

        rtcp(MediaType.VIDEO, "81ce0002 00000001 11223344");
        nanos += 20_000_000L;
        Vp8Encoder.Frame answer = encodeFrames(1).get(0);
        assertThat(answer.keyFrame()).as("after a PLI").isTrue();
        byte[] first = rtp(answer, false);
        assertThat(SendSide.startsKeyFrame(first, 0, first.length)).isTrue();
        assertThat(side.videoSent(first, 0, first.length, nanos)).as("sent, not dropped").isTrue();
        assertThat(side.stats().lastKeyFrameResponseMs()).as("request to key frame leaving").isGreaterThanOrEqualTo(0);
        encodeFrames(10);
        rtcp(MediaType.VIDEO, "84ce0004 00000001 00000000 11223344 05000000");
        assertThat(encodeFrames(1).get(0).keyFrame()).as("after FIR #5").isTrue();
        encodeFrames(10);
        rtcp(MediaType.VIDEO, "84ce0004 00000001 00000000 11223344 05000000");
        assertThat(encodeFrames(1).get(0).keyFrame()).as("FIR #5 repeated: already answered").isFalse();

        assertThat(side.stats().keyFrameRequests()).isEqualTo(2);
    }

    @Test
    void aPliWhileAKeyFrameIsStillOnItsWayIsNotAnsweredWithAnother() {
        side.attach(AUDIO, VIDEO, null, null);
        side.secured();
        byte[] key = rtp(encodeFrames(1).get(0), false);
        side.videoSent(key, 0, key.length, nanos);
        nanos += 100_000_000L;

        rtcp(MediaType.VIDEO, "81ce0002 00000001 11223344");
        assertThat(side.stats().keyFrameRequests()).as("100 ms after a key frame left").isZero();
        assertThat(side.stats().keyFrameRequestsOnItsWay()).as("counted apart").isEqualTo(1);
        nanos += 500_000_000L;
        rtcp(MediaType.VIDEO, "81ce0002 00000001 11223344");
        assertThat(side.stats().keyFrameRequests()).as("it should have arrived by now").isEqualTo(1);
    }

    @Test
    void recognisesTheFirstPacketOfAKeyFrameWithAndWithoutPictureIds() {
        side.attach(AUDIO, VIDEO, null, null);
        List<Vp8Encoder.Frame> frames = encodeFrames(2);

        for (boolean pictureId : new boolean[] {false, true}) {
            byte[] key = rtp(frames.get(0), pictureId);
            byte[] delta = rtp(frames.get(1), pictureId);
            assertThat(SendSide.startsKeyFrame(key, 0, key.length)).isTrue();
            assertThat(SendSide.startsKeyFrame(delta, 0, delta.length)).isFalse();
            key[12] &= ~0x10; // a continuation packet of the same frame
            assertThat(SendSide.startsKeyFrame(key, 0, key.length)).isFalse();
        }
    }

    @Test
    void simulatedLossDropsOnlyTheChosenPacketsButCachesThem() {
        RtxSender rtx = new RtxSender(97, 0x55667788L, (p, len) -> rtxSent.add(p), () -> 50);
        side.attach(AUDIO, VIDEO, rtx, null);
        side.secured();
        side.dropOutgoingVideoForTest(seq -> seq == 0x012c);
        byte[] lost = {(byte) 0x80, 96, 0x01, 0x2c, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 0x10, 0x00};
        byte[] kept = lost.clone();
        kept[3] = 0x2d;

        assertThat(side.videoSent(lost, 0, lost.length, nanos)).isFalse();
        assertThat(side.videoSent(kept, 0, kept.length, nanos)).isTrue();
        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012c0000");
        assertThat(rtxSent).hasSize(1);
    }

    @Test
    void aFrameTheEncoderDroppedLeavesNoHoleAndTheRenumberedPacketIsWhatRtxResends() {
        RtxSender rtx = new RtxSender(97, 0x55667788L, (p, len) -> rtxSent.add(p.clone()), () -> 50);
        side.attach(AUDIO, VIDEO, rtx, null);
        side.secured();
        // FMJ numbers packets from its frame counter: a dropped frame makes it jump from 0x0101 to 0x0103.
        byte[][] sent = {SequenceRewriterTest.packet(VIDEO, 0x0100), SequenceRewriterTest.packet(VIDEO, 0x0101),
            SequenceRewriterTest.packet(VIDEO, 0x0103)};
        sent[2][sent[2].length - 1] = 0x7f; // marks the third packet's payload
        for (byte[] p : sent) {
            side.videoSent(p, 2, p.length - 2, nanos);
        }
        assertThat(sent[2][4] & 0xff).isEqualTo(0x01);
        assertThat(sent[2][5] & 0xff).as("on the wire right after 0x0101").isEqualTo(0x02);

        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 01020000");
        assertThat(rtxSent).hasSize(1);
        byte[] resent = rtxSent.get(0);
        assertThat(((resent[12] & 0xff) << 8) | (resent[13] & 0xff)).as("original sequence number").isEqualTo(0x0102);
        assertThat(resent[resent.length - 1]).as("the third packet's payload").isEqualTo((byte) 0x7f);
    }

    @Test
    void whileVideoIsSuspendedTheAudioReportsBringItBack() {
        side.attach(AUDIO, VIDEO, null, null);
        for (int i = 0; i < 10 && !side.stats().suspended(); i++) {
            nanos += 1_000_000_000L;
            rtcp(MediaType.VIDEO, String.format("81c90007 00000001 11223344 80%06x %08x 00000005 00000000 00000000",
                    32 * i, 64 * i));
        }
        assertThat(side.stats().suspended()).isTrue();

        // Chromium's audio sender reports every 5 s: 250 more packets each, none lost.
        for (int i = 0; i < 8 && side.stats().suspended(); i++) {
            nanos += 5_000_000_000L;
            rtcp(MediaType.AUDIO, String.format("81c8000c 00000002 00000000 00000000 00000000 00000000 00000000"
                    + " 01020304 00000000 %08x 00000000 00000000 00000000", 250 * i));
        }

        assertThat(side.stats().suspended()).isFalse();
        assertThat(encoder.suspended()).isFalse();
    }

    @Test
    void lossCountsOverAtLeastTwentyExpectedPacketsNotPerReport() {
        LossWindow window = new LossWindow(LossWindow.RATE_CONTROL_PACKETS);

        assertThat(window.update(block(100, 0))).as("the first report only sets the base").isEqualTo(-1);
        assertThat(window.update(block(103, 1))).as("1 of 3: too few packets to judge").isEqualTo(-1);
        assertThat(window.update(block(110, 1))).isEqualTo(-1);
        assertThat(window.update(block(125, 2))).as("2 lost of 25 expected").isEqualTo(0.08);
        assertThat(window.update(block(150, 2))).isEqualTo(0.0);
        assertThat(window.update(block(10, 2))).as("a reset sequence starts over").isEqualTo(-1);
    }

    private static RtcpPacket.ReportBlock block(long highest, int cumulativeLost) {
        return new RtcpPacket.ReportBlock(VIDEO, 0, cumulativeLost, highest, 0, 0, 0);
    }

    /** A first RTP packet of the frame: header, RFC 7741 descriptor (optionally with a 15-bit picture id), payload start. */
    private static byte[] rtp(Vp8Encoder.Frame frame, boolean pictureId) {
        byte[] descriptor = pictureId ? new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23} : new byte[] {0x10};
        byte[] p = new byte[12 + descriptor.length + 10];
        p[0] = (byte) 0x80;
        p[1] = 96;
        System.arraycopy(descriptor, 0, p, 12, descriptor.length);
        System.arraycopy(frame.data(), 0, p, 12 + descriptor.length, 10);
        return p;
    }

    @Test
    void aNackForOurVideoIsAnsweredWithRtx() {
        RtxSender rtx = new RtxSender(97, 0x55667788L, (p, len) -> rtxSent.add(p), () -> 50);
        side.attach(AUDIO, VIDEO, rtx, null);
        side.secured();
        byte[] media = {(byte) 0x80, 96, 0x01, 0x2c, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 0x10, 0x00};
        side.videoSent(media, 0, media.length, nanos);

        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012c0000");
        rtcp(MediaType.VIDEO, "81cd0003 00000001 99999999 012c0000");

        assertThat(rtxSent).hasSize(1);
        assertThat(side.stats().nackedPackets()).isEqualTo(1);
        assertThat(side.stats().retransmissions()).isEqualTo(1);
    }

    @Test
    void untilTheVideoLegIsSecuredOurVideoIsHeldBackAndThenStartsWithAKeyFrame() {
        RtxSender rtx = new RtxSender(97, 0x55667788L, (p, len) -> rtxSent.add(p), () -> 50);
        side.attach(AUDIO, VIDEO, rtx, null);
        encodeFrames(5);
        byte[] early = {(byte) 0x80, 96, 0x01, 0x2c, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 0x10, 0x01};
        byte[] dtlsRecord = {0x16, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};

        assertThat(side.videoSent(early, 0, early.length, nanos)).as("held back: libjitsi would queue and burst it").isFalse();
        assertThat(side.videoSent(dtlsRecord, 0, dtlsRecord.length, nanos)).as("the handshake passes the same chain").isTrue();
        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012c0000");
        assertThat(rtxSent).as("nothing cached from before").isEmpty();

        nanos += Vp8Encoder.MIN_KEY_FRAME_INTERVAL_NANOS; // DTLS takes a few round trips
        side.secured();
        assertThat(encodeFrames(1).get(0).keyFrame()).as("the first frame that goes").isTrue();
        byte[] first = early.clone();
        assertThat(side.videoSent(first, 0, first.length, nanos)).isTrue();
        assertThat(((first[2] & 0xff) << 8) | (first[3] & 0xff)).as("no sequence number used up").isEqualTo(0x012c);
    }

    @Test
    void aNackForAPacketTooOldToResendBringsAKeyFrameOncePerSecondUnlessOneLeftSince() {
        RtxSender rtx = new RtxSender(97, 0x55667788L, (p, len) -> rtxSent.add(p), () -> 50);
        side.attach(AUDIO, VIDEO, rtx, null);
        side.secured();
        encodeFrames(3);
        byte[] delta = {(byte) 0x80, 96, 0x01, 0x2c, 0, 0, 0, 1, 0x11, 0x22, 0x33, 0x44, 0x10, 0x01};
        side.videoSent(delta, 0, delta.length, nanos);
        nanos += RtxSender.MAX_AGE_NANOS + 500_000_000L;

        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012c0000");
        assertThat(rtxSent).as("too old to resend").isEmpty();
        assertThat(side.stats().keyFrameRequests()).as("repaired by a key frame instead").isEqualTo(1);
        assertThat(encodeFrames(1).get(0).keyFrame()).isTrue();
        nanos += 100_000_000L;
        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012c0000");
        assertThat(side.stats().keyFrameRequests()).as("the browser repeats its NACK: one key frame is enough").isEqualTo(1);

        byte[] later = delta.clone();
        later[3] = 0x2d;
        side.videoSent(later, 0, later.length, nanos);
        byte[] key = delta.clone();
        key[3] = 0x2e;
        key[13] = 0x00; // a key frame's first packet
        nanos += 50_000_000L;
        side.videoSent(key, 0, key.length, nanos);
        nanos += RtxSender.MAX_AGE_NANOS + SendSide.REPAIR_KEY_FRAME_INTERVAL_NANOS + 500_000_000L;
        rtcp(MediaType.VIDEO, "81cd0003 00000001 11223344 012d0000");
        assertThat(side.stats().keyFrameRequests()).as("a key frame left after the lost packet").isEqualTo(1);
    }

    @Test
    void rembAndHeavyLossLowerTheEncodersTargetAndAudioOnlyIsReported() {
        side.attach(AUDIO, VIDEO, null, null);
        rtcp(MediaType.VIDEO, "81c90007 00000001 11223344 00000000 00000000 00000005 00000000 00000000");
        nanos += SendRateController.REMB_GRACE_MS * 1_000_000L;
        // REMB 300,000 bit/s: exponent 0, mantissa 300,000 = 0x493e0 does not fit 18 bits; use 2^1 * 150,000.
        rtcp(MediaType.VIDEO, "8fce0005 00000001 00000000 52454d42 01 06 49f0 11223344");
        assertThat(side.stats().rembKbps()).isEqualTo(300);
        assertThat(encoder.targetKbps()).isEqualTo(260);

        for (int i = 0; i < 10 && !side.stats().suspended(); i++) {
            nanos += 1_000_000_000L;
            // RR about our video: 64 more packets expected each second, half of them lost.
            rtcp(MediaType.VIDEO, String.format("81c90007 00000001 11223344 80%06x %08x 00000005 00000000 00000000",
                    32 * i, 64 * i));
        }

        assertThat(side.stats().suspended()).isTrue();
        assertThat(encoder.suspended()).isTrue();
        assertThat(encodeFrames(5)).isEmpty();
    }

    @Test
    void withoutARembAfterTheFirstProbeRecentPacketsGoAgainAsRtxAtTheProbeRateUntilARembComes() {
        List<byte[]> wire = new CopyOnWriteArrayList<>();
        Pacer pacer = new Pacer("pacer-test", (p, len) -> wire.add(p), 360);
        RtxSender rtx = new RtxSender(97, 0x55667788L, pacer::sendFirst, () -> 50);
        try {
            side.attach(AUDIO, VIDEO, rtx, pacer);
            side.secured();
            nanos += SendSide.REPROBE_AFTER_NANOS + 100_000_000L; // the media of the last moment before the report
            for (int seq = 0x100; seq < 0x110; seq++) {
                byte[] media = new byte[300];
                media[0] = (byte) 0x80;
                media[1] = 96;
                media[2] = (byte) (seq >> 8);
                media[3] = (byte) seq;
                side.videoSent(media, 0, media.length, nanos);
            }
            Poll.until("the media paced out", Duration.ofSeconds(5), () -> wire.size() == 16);

            rtcp(MediaType.VIDEO, "81c90007 00000001 11223344 00000000 0000010f 00000005 00000000 00000000");
            Poll.until("the probe paced out", Duration.ofSeconds(5), () -> wire.size() == 16 + SendSide.PROBE_PACKETS);
            assertThat(wire.subList(16, wire.size())).as("RTX copies of the last ten").allSatisfy(p -> {
                assertThat(p[1] & 0x7f).isEqualTo(97);
                assertThat(((p[12] & 0xff) << 8) | (p[13] & 0xff)).isBetween(0x106, 0x10f);
            });
            assertThat(rtx.retransmitted()).as("no retransmission counted").isZero();

            rtcp(MediaType.VIDEO, "8fce0005 00000001 00000000 52454d42 01 06 49f0 11223344");
            nanos += SendSide.REPROBE_AFTER_NANOS + 100_000_000L;
            rtcp(MediaType.VIDEO, "81c90007 00000001 11223344 00000000 0000010f 00000005 00000000 00000000");
            assertThat(rtx.probes()).as("a REMB came: no more probes").isEqualTo(SendSide.PROBE_PACKETS);
        } finally {
            pacer.close();
        }
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
