package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReceiverReportsTest {

    private static final long OURS = 0xCAFEBABEL;

    /** A receiver report with one block per SSRC, followed by a REMB of the given rate. */
    private static byte[] compound(long[] ssrcs, int fractionLost, int cumulativeLost, int jitter, long rembBps) {
        return compound(ssrcs, fractionLost, cumulativeLost, 5000, jitter, rembBps);
    }

    private static byte[] compound(long[] ssrcs, int fractionLost, int cumulativeLost, int highestSequence,
                                   int jitter, long rembBps) {
        byte[] remb = RtcpFeedback.remb(1, rembBps, new long[] {OURS});
        ByteBuffer b = ByteBuffer.allocate(8 + 24 * ssrcs.length + remb.length);
        b.put((byte) (0x80 | ssrcs.length)).put((byte) 201).putShort((short) (1 + 6 * ssrcs.length)).putInt(1);
        for (long ssrc : ssrcs) {
            b.putInt((int) ssrc).putInt(fractionLost << 24 | cumulativeLost & 0xffffff).putInt(highestSequence)
                    .putInt(jitter).putInt(0).putInt(0);
        }
        return b.put(remb).array();
    }

    @Test
    void readsTheBlockAboutOurStreamAndTheBrowsersEstimate() {
        ReceiverReports reports = new ReceiverReports(() -> OURS, 90000);

        byte[] rtcp = compound(new long[] {0x1111L, OURS}, 64, 17, 900, 1_200_000);
        reports.received(rtcp, 0, rtcp.length);

        ReceiverReports.Report r = reports.latest();
        assertThat(r.reports()).isEqualTo(1);
        assertThat(r.lossPercent()).isEqualTo(25.0);
        assertThat(r.cumulativeLost()).isEqualTo(17);
        assertThat(r.jitterMs()).as("900 ticks of 90 kHz").isEqualTo(10.0);
        assertThat(r.estimateBps()).isBetween(1_199_990L, 1_200_000L);
    }

    @Test
    void reportsAboutOtherStreamsAreIgnoredAndNegativeCumulativeLossIsKept() {
        ReceiverReports reports = new ReceiverReports(() -> OURS, 48000);
        byte[] other = compound(new long[] {0x2222L}, 200, 5, 48, 300_000);
        reports.received(other, 0, other.length);
        assertThat(reports.latest().reports()).isZero();

        byte[] dup = compound(new long[] {OURS}, 0, -3, 48, 300_000);
        reports.received(dup, 0, dup.length);
        assertThat(reports.latest().cumulativeLost()).as("duplicates").isEqualTo(-3);
        assertThat(reports.latest().jitterMs()).isEqualTo(1.0);
    }

    @Test
    void theLossShownSpansAHundredPacketsNotOneStarvedReport() {
        ReceiverReports reports = new ReceiverReports(() -> OURS, 90000);
        int sequence = 1000;
        byte[] base = compound(new long[] {OURS}, 0, 0, sequence, 90, 1_000_000);
        reports.received(base, 0, base.length);
        for (int i = 0; i < 2; i++) {
            sequence += 100;
            byte[] clean = compound(new long[] {OURS}, 0, 0, sequence, 90, 1_000_000);
            reports.received(clean, 0, clean.length);
        }
        assertThat(reports.latest().lossPercent()).isZero();

        // A starved moment: 6 of 12 packets missed, the report's own fraction 127/256.
        sequence += 12;
        byte[] starved = compound(new long[] {OURS}, 127, 6, sequence, 90, 1_000_000);
        reports.received(starved, 0, starved.length);
        assertThat(reports.latest().lossPercent()).as("12 packets are too few to judge: the last figure holds")
                .isZero();

        sequence += 100;
        byte[] next = compound(new long[] {OURS}, 0, 6, sequence, 90, 1_000_000);
        reports.received(next, 0, next.length);
        assertThat(reports.latest().lossPercent()).as("6 lost of the 112 expected").isCloseTo(600.0 / 112,
                within(0.01));
    }
}
