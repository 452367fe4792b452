package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A burst handed to the pacer leaves spread at 2.5 times the video target, in order, retransmissions first. */
class PacerTest {

    private record Sent(int id) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Pacer pacer = new Pacer("pacer-test", (p, len) -> sent.add(new Sent(p[0])), 100);

    @AfterEach
    void close() {
        pacer.close();
    }

    @Test
    void aKeyFrameSizedBurstGoesOutInOrder() {
        for (int i = 0; i < 10; i++) {
            byte[] p = new byte[1000];
            p[0] = (byte) i;
            pacer.send(p, 0, p.length);
        }

        Poll.until("all sent", Duration.ofSeconds(5), () -> sent.size() == 10);

        assertThat(sent).extracting(Sent::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aKeyFrameSizedBurstIsSpreadAtTheRate() {
        // 100 kbit/s of video: paced at 250 kbit/s, 32 ms per 1000-byte packet. The sending thread's steps on
        // time: each packet goes when the one before allows it; an idle pacer lets the second go BURST_NANOS early.
        long cost = 1000 * 8 * 1_000_000_000L / 250_000;
        long start = System.nanoTime();
        long at = start;
        long allowed = pacer.next(Long.MIN_VALUE / 2, at, 1000);
        for (int i = 1; i < 10; i++) {
            at = allowed;
            allowed = pacer.next(allowed, at, 1000);
        }

        assertThat(at - start).as("9 intervals of 32 ms").isEqualTo(9 * cost - Pacer.BURST_NANOS);
    }

    @Test
    void aRetransmissionGoesAheadOfWaitingMedia() {
        for (int i = 0; i < 5; i++) {
            byte[] p = new byte[1000];
            p[0] = (byte) i;
            pacer.send(p, 0, p.length);
        }
        pacer.sendFirst(new byte[] {42, 0, 0}, 3);

        Poll.until("all sent", Duration.ofSeconds(5), () -> sent.size() == 6);

        assertThat(sent.stream().map(Sent::id).toList().indexOf(42)).as("before the last media packets").isLessThan(3);
    }

    @Test
    void aProbeRaisesThePacingRateUntilItEnds() {
        long now = System.nanoTime();
        assertThat(pacer.bitsPerSecond(now)).as("2.5 x 100 kbit/s").isEqualTo(250_000.0);

        pacer.probe(1700, now + 1_000_000_000L);

        assertThat(pacer.bitsPerSecond(now + 500_000_000L)).isEqualTo(1_700_000.0);
        assertThat(pacer.bitsPerSecond(now + 1_000_000_000L)).as("over").isEqualTo(250_000.0);
        pacer.setTarget(1000);
        assertThat(pacer.bitsPerSecond(now + 500_000_000L)).as("never below the target's rate").isEqualTo(2_500_000.0);
    }

    @Test
    void aProbeKeepsItsSpacingAfterALateWakeUpWhereOrdinaryPacingCatchesUp() {
        long now = System.nanoTime();
        long cost = 1000 * 8 * 1_000_000_000L / 250_000; // 1000 bytes at 250 kbit/s: 32 ms
        long late = now - 3_000_000; // the packet should have gone 3 ms ago

        assertThat(pacer.next(late, now, 1000)).as("within the burst: catches up").isEqualTo(late + cost);

        pacer.probe(1700, now + 1_000_000_000L);
        long probeCost = 1000 * 8 * 1_000_000_000L / 1_700_000;
        assertThat(pacer.next(late, now, 1000)).as("probe: spaced from now").isEqualTo(now + probeCost);
    }

    @Test
    void theRateIsCappedAtTheEstimate() {
        long now = System.nanoTime();
        pacer.setTarget(1560, 1600);

        assertThat(pacer.bitsPerSecond(now)).as("not 2.5 x 1560 kbit/s").isEqualTo(1_600_000.0);
        pacer.setTarget(360, 2000);
        assertThat(pacer.bitsPerSecond(now)).isEqualTo(900_000.0);
        pacer.setTarget(360, 400);
        assertThat(pacer.bitsPerSecond(now)).as("never below the start's 2.5 x 360 kbit/s").isEqualTo(900_000.0);
    }
}
