package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** When complete frames go to the decoder, under a test clock (milliseconds; 90 kHz RTP timestamps). */
class VideoPlayoutTest {

    private static final long MS = 1_000_000L;
    private static final long FRAME_TICKS = 4500; // 20 fps

    private final VideoPlayout playout = new VideoPlayout();
    private final List<Long> releasedTimestamps = new ArrayList<>();
    private final List<Long> releasedAt = new ArrayList<>();

    private static Vp8Depacketizer.Frame frame(long ts) {
        return new Vp8Depacketizer.Frame(new byte[] {1}, false, ts);
    }

    private void add(long nowMs, long ts, long firstMs, boolean repaired) {
        playout.add(nowMs * MS, frame(ts), new VideoPlayout.Arrival(firstMs * MS, nowMs * MS, repaired));
    }

    private void release(long nowMs) {
        playout.release(nowMs * MS, f -> {
            releasedTimestamps.add(f.rtpTimestamp());
            releasedAt.add(nowMs);
        });
    }

    @Test
    void framesArrivingOnTimeAreDecodedAtOnce() {
        for (int f = 0; f < 50; f++) {
            long t = 1000 + 50L * f;
            add(t, f * FRAME_TICKS, t, false);
            release(t);
            assertThat(releasedTimestamps).as("frame %d", f).hasSize(f + 1);
        }
        assertThat(playout.delayMillis()).isZero();
    }

    @Test
    void onceARepairWasSeenARepairAsLateAndTheFramesHeldBehindItKeepTheirSpacing() {
        // Frames every 50 ms; frames 20 and 40 complete 200 ms late (a round trip and noticing the gap), and the
        // three after each, complete on time, wait in the jitter buffer behind them: all four come at that moment.
        Map<Long, List<long[]>> adds = new TreeMap<>(); // at -> {ts, first, repaired}
        for (int f = 0; f < 60; f++) {
            long arrival = 1000 + 50L * f;
            int afterRepair = f >= 20 ? f % 20 : -1;
            long at = afterRepair >= 0 && afterRepair <= 3 ? 1000 + 50L * (f - afterRepair) + 200 : arrival;
            adds.computeIfAbsent(at, k -> new ArrayList<>()).add(new long[] {f * FRAME_TICKS, arrival,
                    afterRepair == 0 ? 1 : 0});
        }
        for (long now = 1000; now < 4500; now++) {
            for (long[] a : adds.getOrDefault(now, List.of())) {
                long complete = a[2] == 1 ? now : a[1];
                playout.add(now * MS, frame(a[0]), new VideoPlayout.Arrival(a[1] * MS, complete * MS, a[2] == 1));
            }
            release(now);
        }
        assertThat(releasedTimestamps).hasSize(60).isSorted();
        assertThat(releasedAt.get(20) - releasedAt.get(19)).as("the first repair, not yet expected").isEqualTo(250);
        assertThat(gaps(releasedAt.subList(20, 60))).as("playout intervals after it").containsOnly(50L);
    }

    @Test
    void theDelayIsBounded() {
        add(1000, 0, 1000, false);
        add(2000, FRAME_TICKS, 1050, true); // a second late
        assertThat(playout.delayMillis()).isEqualTo(VideoPlayout.MAX_DELAY_MILLIS);
    }

    @Test
    void theDelayFallsSlowlyOnceRepairsAreLongPast() {
        long t = 1000;
        long ts = 0;
        add(t, ts, t, false);
        add(t + 250, ts + FRAME_TICKS, t + 50, true);
        assertThat(playout.delayMillis()).isEqualTo(200);
        t += 100;
        ts += 2 * FRAME_TICKS;
        long last = playout.delayMillis();
        for (int f = 0; f < 20 * 40; f++, t += 50, ts += FRAME_TICKS) {
            add(t, ts, t, false);
            long d = playout.delayMillis();
            assertThat(last - d).as("a step down").isLessThanOrEqualTo(VideoPlayout.DECREASE_PER_FRAME_NANOS / MS);
            last = d;
        }
        assertThat(playout.delayMillis()).as("repairs 40 s ago").isZero();
    }

    @Test
    void framesLeaveInOrderAndClearDropsTheHeldOnes() {
        add(1000, 0, 1000, false);
        add(1200, FRAME_TICKS, 1000, true); // delay now 150 ms
        add(1200, 2 * FRAME_TICKS, 1100, false);
        release(1200);
        assertThat(releasedTimestamps).containsExactly(0L, FRAME_TICKS);
        assertThat(playout.framesHeld()).isEqualTo(1);
        assertThat(playout.nextDueNanos()).isEqualTo((1100 + 150) * MS);

        playout.clear();
        assertThat(playout.framesHeld()).isZero();
        assertThat(playout.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theTimestampWrapKeepsTheMapping() {
        long ts = 0xffff_ffffL - 5 * FRAME_TICKS;
        for (int f = 0; f < 10; f++, ts = (ts + FRAME_TICKS) & 0xffff_ffffL) {
            long t = 1000 + 50L * f;
            add(t, ts, t, false);
            release(t);
        }
        assertThat(releasedTimestamps).hasSize(10);
        assertThat(playout.delayMillis()).isZero();
    }

    @Test
    void aNewStreamsTimestampsAreMappedAfresh() {
        add(1000, 0, 1000, false);
        add(1050, 0x7000_0000L, 1050, false);
        add(1100, 0x7000_0000L + FRAME_TICKS, 1100, false);
        release(1100);
        assertThat(releasedTimestamps).hasSize(3);
        assertThat(playout.delayMillis()).isZero();
    }

    /**
     * The whole receive path on profile (b)'s numbers: 20 fps, three packets a frame 15 ms apart, 85 ms one way,
     * every 50th packet lost and resent a round trip (170 ms) after our NACK; once the first repair has been
     * seen, no gap between frames handed to the decoder exceeds the freeze threshold of the benchmark (200 ms),
     * and every frame is decoded without a key-frame request.
     */
    @Test
    void onALossyLinkRepairedFramesPlayWithoutFreezesOnceTheDelayIsLearnt() {
        Link link = new Link(170);
        link.run(20 * 20);

        assertThat(link.keyFrameRequests).isZero();
        assertThat(link.firstRepairedFrame).as("a repair happened early").isBetween(1, 60);
        assertThat(releasedTimestamps).hasSize(20 * 20 - 1); // the last is still in its playout delay
        assertThat(releasedTimestamps).isSorted();
        List<Long> gaps = gaps(releasedAt.subList(link.firstRepairedFrame + 2, releasedAt.size()));
        assertThat(gaps).as("gaps after the first repair").allSatisfy(gap -> assertThat(gap).isLessThan(100L));
        assertThat(playout.delayMillis()).isBetween(170L, VideoPlayout.MAX_DELAY_MILLIS);
    }

    private static List<Long> gaps(List<Long> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }

    /** A simulated link into a real {@link VideoJitterBuffer} feeding this playout, one millisecond a step. */
    private final class Link {
        private record Arrival(long atMs, int seq, long ts, boolean marker, byte[] payload) {
        }

        private final long rttMs;
        private final PriorityQueue<Arrival> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a.atMs, b.atMs));
        private final Map<Integer, Arrival> sent = new HashMap<>();
        private final Set<Integer> lost = new HashSet<>();
        private long nowMs;
        private int keyFrameRequests;
        private int firstRepairedFrame = -1;
        private final VideoJitterBuffer buffer;

        Link(long rttMs) {
            this.rttMs = rttMs;
            this.buffer = new VideoJitterBuffer(new VideoJitterBuffer.Output() {
                @Override
                public void frame(Vp8Depacketizer.Frame frame, VideoPlayout.Arrival arrival) {
                    if (arrival.repaired() && firstRepairedFrame < 0) {
                        firstRepairedFrame = releasedTimestamps.size() + playout.framesHeld();
                    }
                    playout.add(nowMs * MS, frame, arrival);
                }

                @Override
                public void nack(long mediaSsrc, long[] seqs) {
                    for (long s : seqs) {
                        Arrival original = sent.get((int) (s & 0xffff));
                        inFlight.add(new Arrival(nowMs + rttMs, original.seq, original.ts, original.marker,
                                original.payload));
                    }
                }

                @Override
                public void keyFrameRequest(long mediaSsrc) {
                    keyFrameRequests++;
                }
            }, () -> rttMs);
        }

        void run(int frames) {
            int seq = 0;
            for (int f = 0; f < frames; f++) {
                for (int i = 0; i < 3; i++, seq++) {
                    byte[] payload = i == 0 ? new byte[] {0x10, (byte) (f == 0 ? 0x00 : 0x01), 1} : new byte[] {0x00, 1};
                    Arrival a = new Arrival(50L * f + 15L * i + rttMs / 2, seq, f * FRAME_TICKS, i == 2, payload);
                    sent.put(seq, a);
                    if (seq % 50 == 49) {
                        lost.add(seq);
                    } else {
                        inFlight.add(a);
                    }
                }
            }
            long end = 50L * frames + 1000;
            for (nowMs = 0; nowMs < end; nowMs++) {
                while (!inFlight.isEmpty() && inFlight.peek().atMs <= nowMs) {
                    Arrival a = inFlight.poll();
                    buffer.push(nowMs * MS, 1, a.seq, a.ts, a.marker, a.payload, 0, a.payload.length);
                }
                if (nowMs % 20 == 0) {
                    buffer.tick(nowMs * MS);
                }
                release(nowMs);
            }
        }
    }
}
