package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoJitterBufferTest {

    private static final long SSRC = 0x1234_5678L;
    private static final long RTT = 80;
    private static final long HOLD = VideoJitterBuffer.holdMillis(RTT);

    private final List<Vp8Depacketizer.Frame> frames = new ArrayList<>();
    private final List<VideoPlayout.Arrival> arrivals = new ArrayList<>();
    private final List<List<Integer>> nacks = new ArrayList<>();
    private int keyFrameRequests;
    private long rtt = RTT;
    private long nowMillis = 1_000;

    private final VideoJitterBuffer buffer = new VideoJitterBuffer(new VideoJitterBuffer.Output() {
        @Override
        public void frame(Vp8Depacketizer.Frame frame, VideoPlayout.Arrival arrival) {
            frames.add(frame);
            arrivals.add(arrival);
        }

        @Override
        public void nack(long mediaSsrc, long[] seqs) {
            assertThat(mediaSsrc).isEqualTo(SSRC);
            nacks.add(Arrays.stream(seqs).mapToInt(s -> (int) (s & 0xffff)).boxed().toList());
        }

        @Override
        public void keyFrameRequest(long mediaSsrc) {
            assertThat(mediaSsrc).isEqualTo(SSRC);
            keyFrameRequests++;
        }
    }, () -> rtt);

    /** One RTP packet of a synthetic VP8 stream: descriptor (S bit), VP8 header byte (P bit) and a tag byte. */
    private record Pkt(int seq, long ts, boolean marker, byte[] payload) {
    }

    /** The packets of one frame of {@code count} packets starting at {@code seq}; data bytes carry the seq. */
    private static List<Pkt> frame(int seq, long ts, int count, boolean key) {
        List<Pkt> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int s = (seq + i) & 0xffff;
            byte[] payload = i == 0
                    ? new byte[] {0x10, (byte) (key ? 0x00 : 0x01), (byte) s}
                    : new byte[] {0x00, (byte) s};
            list.add(new Pkt(s, ts, i == count - 1, payload));
        }
        return list;
    }

    private void push(Pkt p) {
        buffer.push(nowMillis * 1_000_000L, SSRC, p.seq(), p.ts(), p.marker(), p.payload(), 0, p.payload().length);
    }

    private void pushAll(List<Pkt> packets) {
        packets.forEach(this::push);
    }

    private void advance(long millis) {
        nowMillis += millis;
        buffer.tick(nowMillis * 1_000_000L);
    }

    private List<Long> releasedTimestamps() {
        return frames.stream().map(Vp8Depacketizer.Frame::rtpTimestamp).toList();
    }

    @Test
    void releasesCompleteFramesInOrderWithTheirDataJoined() {
        pushAll(frame(100, 3000, 3, true));
        pushAll(frame(103, 6000, 1, false));

        assertThat(releasedTimestamps()).containsExactly(3000L, 6000L);
        assertThat(frames.get(0).keyFrame()).isTrue();
        assertThat(frames.get(0).data()).containsExactly(0x00, 100, 101, 102);
        assertThat(frames.get(1).keyFrame()).isFalse();
        assertThat(nacks).isEmpty();
        assertThat(keyFrameRequests).isZero();
    }

    @Test
    void reorderedPacketsAreReleasedInSequenceOrderWithoutAKeyFrameRequest() {
        List<Pkt> key = frame(10, 3000, 2, true);
        List<Pkt> delta = frame(12, 6000, 2, false);
        push(key.get(0));
        push(delta.get(0));
        push(key.get(1));
        push(delta.get(1));

        assertThat(releasedTimestamps()).containsExactly(3000L, 6000L);
        assertThat(frames.get(0).data()).containsExactly(0x00, 10, 11);
        assertThat(frames.get(1).data()).containsExactly(0x01, 12, 13);
        advance(HOLD + 100);
        assertThat(keyFrameRequests).isZero();
        assertThat(buffer.skips()).isZero();
    }

    @Test
    void aGapIsNackedAtOnceAndTheRetransmissionRepairsItWithoutAKeyFrameRequest() {
        pushAll(frame(10, 3000, 1, true));
        List<Pkt> delta = frame(11, 6000, 3, false);
        push(delta.get(0));
        push(delta.get(2));
        pushAll(frame(14, 9000, 1, false));

        assertThat(nacks).containsExactly(List.of(12));
        assertThat(releasedTimestamps()).as("held until repaired").containsExactly(3000L);

        advance(RTT / 2);
        push(delta.get(1)); // the retransmission

        assertThat(releasedTimestamps()).containsExactly(3000L, 6000L, 9000L);
        assertThat(frames.get(1).data()).containsExactly(0x01, 11, 12, 13);
        assertThat(buffer.packetsRepaired()).isEqualTo(1);
        advance(HOLD + 100);
        assertThat(keyFrameRequests).isZero();
        assertThat(buffer.skips()).isZero();
    }

    @Test
    void eachFrameComesWithItsArrivalAndOnlyARetransmissionCountsAsRepairNotReordering() {
        pushAll(frame(10, 3000, 1, true));
        List<Pkt> reordered = frame(11, 6000, 2, false);
        push(reordered.get(1));
        advance(5);
        push(reordered.get(0)); // 5 ms late: reordered on the way, no retransmission is that quick
        List<Pkt> resent = frame(13, 9000, 2, false);
        push(resent.get(1));
        advance(RTT);
        push(resent.get(0)); // the retransmission, a round trip later

        assertThat(releasedTimestamps()).containsExactly(3000L, 6000L, 9000L);
        assertThat(arrivals.get(1).repaired()).isFalse();
        assertThat(arrivals.get(2).repaired()).isTrue();
        assertThat(arrivals.get(2).firstNanos()).isEqualTo((nowMillis - RTT) * 1_000_000L);
        assertThat(arrivals.get(2).completeNanos()).isEqualTo(nowMillis * 1_000_000L);
    }

    @Test
    void aPacketStillMissingIsAskedForAgainAfterAboutOneRoundTripABoundedNumberOfTimes() {
        rtt = 40;
        pushAll(frame(10, 3000, 1, true));
        pushAll(frame(12, 6000, 1, false)); // 11 lost
        assertThat(nacks).hasSize(1);

        advance(30);
        assertThat(nacks).as("not before a round trip").hasSize(1);
        advance(35);
        assertThat(nacks).hasSize(2).last().isEqualTo(List.of(11));
        for (int i = 0; i < 20; i++) {
            advance(10);
        }
        assertThat(nacks).hasSizeLessThanOrEqualTo(VideoJitterBuffer.MAX_NACKS_PER_PACKET);
    }

    @Test
    void aLossNotRepairedWithinTheHoldTimeDropsTheFramesAndRequestsAKeyFrame() {
        pushAll(frame(10, 3000, 1, true));
        List<Pkt> delta = frame(11, 6000, 2, false);
        push(delta.get(1)); // 11 lost
        pushAll(frame(13, 9000, 1, false));

        advance(HOLD - 10);
        assertThat(keyFrameRequests).as("still hoping for the retransmission").isZero();
        advance(20);
        assertThat(keyFrameRequests).isEqualTo(1);
        assertThat(buffer.skips()).isEqualTo(1);

        push(delta.get(0)); // far too late
        pushAll(frame(14, 12000, 1, false));
        assertThat(releasedTimestamps()).as("inter frames on a lost reference are never decoded")
                .containsExactly(3000L);

        pushAll(frame(15, 15000, 2, true));
        pushAll(frame(17, 18000, 1, false));
        assertThat(releasedTimestamps()).containsExactly(3000L, 15000L, 18000L);
    }

    @Test
    void aBurstWhoseRetransmissionsKeepComingIsWaitedForBeyondTheHoldTimeAndNotAskedForTwice() {
        pushAll(frame(10, 3000, 1, true));
        List<Pkt> burst = frame(11, 6000, 12, false); // 11..22, all lost on the way
        pushAll(frame(23, 9000, 1, false));
        assertThat(nacks).hasSize(1).first().asList().hasSize(12);

        // A thin link serialises the retransmissions: the first after a round trip, then one every 15 ms,
        // the last one later than the hold time after the gap was noticed.
        advance(RTT);
        for (Pkt p : burst) {
            push(p);
            advance(15);
        }
        assertThat(RTT + 11 * 15).isGreaterThan(HOLD);

        assertThat(releasedTimestamps()).containsExactly(3000L, 6000L, 9000L);
        assertThat(keyFrameRequests).isZero();
        assertThat(buffer.skips()).isZero();
        assertThat(nacks).as("nothing asked again while the request is being answered").hasSize(1);
    }

    @Test
    void whileOtherRetransmissionsArriveAPacketThatNeverComesIsGivenUpAtTwiceTheHoldTime() {
        pushAll(frame(10, 3000, 1, true));
        List<Pkt> burst = frame(11, 6000, 30, false); // 11..40 lost; 11 never comes back
        pushAll(frame(41, 9000, 1, false));

        advance(RTT);
        long waited = RTT;
        for (Pkt p : burst.subList(1, burst.size())) {
            push(p);
            advance(15);
            waited += 15;
            if (waited < HOLD + 20) {
                assertThat(keyFrameRequests).as("repair still under way at %d ms", waited).isZero();
            }
        }
        assertThat(waited).isGreaterThan(2 * HOLD + 20);
        assertThat(keyFrameRequests).isEqualTo(1);
        assertThat(releasedTimestamps()).containsExactly(3000L);
        assertThat(nacks.stream().filter(n -> n.contains(11)).count()).as("the missing one asked for again").isGreaterThan(1);
    }

    @Test
    void whenRepairFailsAKeyFrameAlreadyHeldIsTheNextDecodablePoint() {
        pushAll(frame(10, 3000, 1, true));
        pushAll(frame(12, 9000, 1, false)); // 11 (one delta frame) lost
        pushAll(frame(13, 12000, 2, true));
        pushAll(frame(15, 15000, 1, false));

        advance(HOLD + 20);

        assertThat(releasedTimestamps()).containsExactly(3000L, 12000L, 15000L);
        assertThat(keyFrameRequests).as("a key frame is already here").isZero();
    }

    @Test
    void interFramesBeforeTheFirstKeyFrameAreDroppedAndAKeyFrameIsRequestedRateLimited() {
        pushAll(frame(1, 3000, 1, false));
        assertThat(keyFrameRequests).isEqualTo(1);
        advance(100);
        pushAll(frame(2, 6000, 1, false));
        assertThat(keyFrameRequests).as("rate-limited").isEqualTo(1);
        advance(VideoJitterBuffer.KEY_FRAME_REQUEST_INTERVAL_MILLIS);
        assertThat(keyFrameRequests).as("asked again while none comes").isEqualTo(2);

        pushAll(frame(3, 9000, 2, true));
        pushAll(frame(5, 12000, 1, false));
        assertThat(releasedTimestamps()).containsExactly(9000L, 12000L);
    }

    @Test
    void sequenceNumbersRollOverMidFrameAndLossAcrossTheWrapIsNackedByItsWireNumber() {
        pushAll(frame(65534, 3000, 3, true)); // 65534, 65535, 0
        assertThat(releasedTimestamps()).containsExactly(3000L);
        assertThat(frames.get(0).data()).containsExactly(0x00, 0xfe, 0xff, 0x00);

        pushAll(frame(2, 6000, 1, false)); // 1 lost
        assertThat(nacks).containsExactly(List.of(1));
        pushAll(frame(1, 4500, 1, false));
        assertThat(releasedTimestamps()).containsExactly(3000L, 4500L, 6000L);
    }

    @Test
    void duplicatesAreIgnoredAndPaddingBetweenFramesIsNoLoss() {
        pushAll(frame(10, 3000, 1, true));
        pushAll(frame(10, 3000, 1, true));
        buffer.push(nowMillis * 1_000_000L, SSRC, 11, 3000, false, new byte[0], 0, 0); // padding
        pushAll(frame(12, 6000, 1, false));

        assertThat(releasedTimestamps()).containsExactly(3000L, 6000L);
        assertThat(nacks).isEmpty();
    }

    @Test
    void holdTimeFollowsTheRoundTripWithinBounds() {
        assertThat(VideoJitterBuffer.holdMillis(10)).isEqualTo(VideoJitterBuffer.MIN_HOLD_MILLIS);
        assertThat(VideoJitterBuffer.holdMillis(100)).isEqualTo(240);
        assertThat(VideoJitterBuffer.holdMillis(1000)).isEqualTo(VideoJitterBuffer.MAX_HOLD_MILLIS);
    }

    @Test
    void aLongStreamWithOccasionalLossAsksOncePerLostPacketAndDecodesEveryFrame() {
        int seq = 1000;
        long ts = 0;
        List<Pkt> lost = new ArrayList<>();
        int sent = 0;
        for (int f = 0; f < 300; f++) {
            List<Pkt> frame = frame(seq, ts, f % 100 == 0 ? 8 : 3, f % 100 == 0);
            for (Pkt p : frame) {
                if (++sent % 50 == 0) {
                    lost.add(p);
                } else {
                    push(p);
                }
            }
            seq += frame.size();
            ts += 3000;
            advance(10);
            if (!lost.isEmpty()) {
                advance(RTT / 2);
                lost.forEach(this::push); // the retransmissions, within one round trip
                lost.clear();
            }
        }

        assertThat(frames).hasSize(300);
        // A lost frame end is only noticed with the next frame; its retransmission here comes before that.
        assertThat(buffer.nacksSent()).as("one request per noticed loss").isPositive().isLessThanOrEqualTo(sent / 50);
        assertThat(buffer.packetsRepaired()).isEqualTo(buffer.nacksSent());
        assertThat(keyFrameRequests).isZero();
    }

    @Test
    void aGapBeforeAKeyFrameIsNotAskedForAndDecodingGoesOnAtTheKeyFrame() {
        pushAll(frame(10, 3000, 1, true));
        pushAll(frame(40, 9000, 3, true)); // 11..39 never arrived (say, before the keys were agreed)
        pushAll(frame(43, 12000, 1, false));

        assertThat(nacks).isEmpty();
        assertThat(releasedTimestamps()).containsExactly(3000L, 9000L, 12000L);
        assertThat(keyFrameRequests).isZero();
    }

    @Test
    void aKeyFrameEndsTheRepairOfFramesBeforeIt() {
        pushAll(frame(10, 3000, 1, true));
        List<Pkt> delta = frame(11, 6000, 3, false);
        push(delta.get(0));
        push(delta.get(2)); // 12 lost
        assertThat(nacks).containsExactly(List.of(12));
        pushAll(frame(14, 9000, 2, true));

        assertThat(releasedTimestamps()).as("no wait for the hold time").containsExactly(3000L, 9000L);
        advance(HOLD + 100);
        assertThat(nacks).as("no more requests for 12").hasSize(1);
        assertThat(keyFrameRequests).isZero();
    }

    @Test
    void aBurstTooLongToRepairInTimeAsksForAKeyFrameInsteadOfRetransmissions() {
        pushAll(frame(10, 3000, 1, true));
        pushAll(frame(12 + VideoJitterBuffer.MAX_NACK_GAP, 9000, 1, false));

        assertThat(nacks).isEmpty();
        assertThat(keyFrameRequests).isEqualTo(1);
        pushAll(frame(13 + VideoJitterBuffer.MAX_NACK_GAP, 12000, 2, true));
        assertThat(releasedTimestamps()).containsExactly(3000L, 12000L);
    }
}
