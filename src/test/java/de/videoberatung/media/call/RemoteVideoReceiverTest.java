package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.Poll;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.service.neomedia.RawPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver's packet routing: media and RTX payload types, RTX unwrapping, and its feedback on the wire. */
class RemoteVideoReceiverTest {

    private static final int VP8 = 96;
    private static final int RTX = 97;
    private static final long MEDIA_SSRC = 0x11112222L;
    private static final long RTX_SSRC = 0x33334444L;

    private final AtomicInteger framesToDecode = new AtomicInteger();
    private final RecordingFeedback feedback = new RecordingFeedback(7, 50);
    private final List<byte[]> rtcpSent = feedback.sent;
    private final ScheduledExecutorService repairThread = Executors.newSingleThreadScheduledExecutor();
    private final RemoteVideoReceiver receiver = new RemoteVideoReceiver(VP8, RTX, -1, frame -> { },
            task -> framesToDecode.incrementAndGet(), repairThread, feedback);

    @AfterEach
    void stop() {
        receiver.close();
        repairThread.shutdownNow();
    }

    private static RawPacket rtp(int pt, long ssrc, int seq, long ts, boolean marker, int padding, byte... payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length + padding);
        b.put((byte) (padding > 0 ? 0xA0 : 0x80)).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq)
                .putInt((int) ts).putInt((int) ssrc).put(payload);
        if (padding > 0) {
            b.position(b.capacity() - 1);
            b.put((byte) padding);
        }
        return new RawPacket(b.array(), 0, b.capacity());
    }

    /** A one-packet VP8 frame (descriptor S=1, then the VP8 header byte). */
    private static byte[] vp8(boolean key) {
        return new byte[] {0x10, (byte) (key ? 0x00 : 0x01), 0x55};
    }

    private static byte[] withOsn(int osn, byte[] original) {
        return ByteBuffer.allocate(2 + original.length).putShort((short) osn).put(original).array();
    }

    @Test
    void aRetransmissionInRtxIsUnwrappedAndRepairsTheGapWithoutAKeyFrameRequest() {
        receiver.onRtp(rtp(VP8, MEDIA_SSRC, 10, 3000, true, 0, vp8(true)));
        receiver.onRtp(rtp(VP8, MEDIA_SSRC, 12, 9000, true, 0, vp8(false)));

        assertThat(rtcpSent).hasSize(1);
        byte[] nack = rtcpSent.get(0);
        assertThat(nack[1] & 0xff).isEqualTo(205);
        assertThat(ByteBuffer.wrap(nack).getInt(4)).as("our SSRC").isEqualTo(7);
        assertThat(ByteBuffer.wrap(nack).getInt(8) & 0xffffffffL).as("the media SSRC").isEqualTo(MEDIA_SSRC);
        assertThat(ByteBuffer.wrap(nack).getShort(12)).as("lost sequence number").isEqualTo((short) 11);
        assertThat(framesToDecode).hasValue(1);

        receiver.onRtp(rtp(RTX, RTX_SSRC, 500, 6000, true, 0, withOsn(11, vp8(false))));

        assertThat(framesToDecode).as("the repaired frame and the one held behind it").hasValue(3);
        assertThat(receiver.repairCounters().packetsRepaired()).isEqualTo(1);
        assertThat(receiver.repairCounters().keyFrameRequests()).isZero();
    }

    @Test
    void aRetransmissionOnTheMediaSsrcRepairsTooAndRtxPaddingAndOtherPayloadTypesAreIgnored() {
        receiver.onRtp(rtp(VP8, MEDIA_SSRC, 10, 3000, true, 0, vp8(true)));
        receiver.onRtp(rtp(RTX, RTX_SSRC, 501, 3000, false, 200)); // a padding-only probe
        receiver.onRtp(rtp(100, MEDIA_SSRC, 77, 3000, true, 0, (byte) 1)); // not ours
        receiver.onRtp(rtp(VP8, MEDIA_SSRC, 12, 9000, true, 0, vp8(false)));
        receiver.onRtp(rtp(VP8, MEDIA_SSRC, 11, 6000, true, 0, vp8(false)));

        assertThat(framesToDecode).hasValue(3);
        assertThat(receiver.repairCounters().packetsRepaired()).isEqualTo(1);
        assertThat(rtcpSent).as("one NACK, no PLI").hasSize(1);
    }

    @Test
    void receiverReportsAboutTheMediaSsrcGoOutWithTheBrowsersSenderReportTime() {
        receiver.onRtp(rtp(VP8, MEDIA_SSRC, 10, 3000, true, 0, vp8(true)));
        receiver.onRtp(rtp(RTX, RTX_SSRC, 501, 3000, false, 200));
        byte[] sr = ByteBuffer.allocate(28).put((byte) 0x80).put((byte) RtcpPacket.SR).putShort((short) 6)
                .putInt((int) MEDIA_SSRC).putLong(0x0000_1111_2222_0000L).putInt(3000).putInt(1).putInt(100).array();
        receiver.onRtcp(sr, 0, sr.length);

        Poll.until("a receiver report with the sender report's time", Duration.ofSeconds(5),
                () -> feedback.receiverReports.stream().anyMatch(rr -> lastSenderReport(rr) == 0x1111_2222L));

        byte[] rr = feedback.receiverReports.get(feedback.receiverReports.size() - 1);
        RtcpPacket.ReportBlock block = ((RtcpPacket.ReceiverReport) RtcpPacket.parse(rr, 0, rr.length).get(0))
                .blocks().get(0);
        assertThat(block.ssrc()).as("about the media SSRC, not RTX").isEqualTo(MEDIA_SSRC);
        assertThat(block.highestSequence()).isEqualTo(10);
        assertThat(block.cumulativeLost()).isZero();
    }

    private static long lastSenderReport(byte[] rr) {
        return ((RtcpPacket.ReceiverReport) RtcpPacket.parse(rr, 0, rr.length).get(0)).blocks().get(0).lastSenderReport();
    }
}
