package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiver report about the browser's video: RFC 3550's counters, read back with our own RTCP parser. */
class ReceiveStatisticsTest {

    private static final long BROWSER = 0xCAFEBABEL;
    private static final long MS = 1_000_000L;
    private final ReceiveStatistics stats = new ReceiveStatistics(90000);

    @Test
    void nothingIsReportedBeforeThePacketsOfAStream() {
        assertThat(stats.receiverReport(7, 0)).isNull();
    }

    @Test
    void reportsLossTheHighestSequenceAcrossTheRolloverAndTheSenderReportsTime() {
        long now = 1_000 * MS;
        int seq = 65530;
        for (int i = 0; i < 20; i++, seq = (seq + 1) & 0xffff, now += 10 * MS) {
            if (i != 5 && i != 6) { // two lost
                stats.received(BROWSER, seq, 900L * i, now); // 10 ms apart at 90 kHz
            }
        }
        long ntp = 0x1234_5678_9abc_def0L;
        stats.senderReport(BROWSER, ntp, now);
        stats.senderReport(0x999, 0x1111_2222_3333_4444L, now); // another source's: not ours

        RtcpPacket.ReportBlock block = block(stats.receiverReport(7, now + 500 * MS));

        assertThat(block.ssrc()).isEqualTo(BROWSER);
        assertThat(block.highestSequence()).as("one cycle, then 65530 + 19").isEqualTo(0x10000L + 13);
        assertThat(block.cumulativeLost()).isEqualTo(2);
        assertThat(block.fractionLost()).isEqualTo(2 * 256 / 20);
        assertThat(block.lastSenderReport()).as("middle 32 bits of the NTP time").isEqualTo(0x5678_9abcL);
        assertThat(block.delaySinceLastSenderReport()).as("0.5 s in 1/65536 s").isEqualTo(32768);
        assertThat(block.jitter()).as("packets sent and received at the same pace").isZero();

        stats.received(BROWSER, seq, 900L * 20, now + 600 * MS);
        RtcpPacket.ReportBlock next = block(stats.receiverReport(7, now + 1500 * MS));
        assertThat(next.fractionLost()).as("nothing lost since the last report").isZero();
        assertThat(next.cumulativeLost()).isEqualTo(2);
        assertThat(next.jitter()).as("a packet 390 ms late").isPositive();
    }

    @Test
    void aReorderedPacketCountsAsReceivedAndANewSsrcStartsOver() {
        stats.received(BROWSER, 100, 0, 0);
        stats.received(BROWSER, 102, 6000, 66 * MS);
        stats.received(BROWSER, 101, 3000, 70 * MS);
        RtcpPacket.ReportBlock block = block(stats.receiverReport(7, 100 * MS));
        assertThat(block.cumulativeLost()).isZero();
        assertThat(block.highestSequence()).isEqualTo(102);

        stats.received(0x4242, 9, 0, 200 * MS);
        RtcpPacket.ReportBlock fresh = block(stats.receiverReport(7, 300 * MS));
        assertThat(fresh.ssrc()).isEqualTo(0x4242);
        assertThat(fresh.highestSequence()).isEqualTo(9);
        assertThat(fresh.lastSenderReport()).as("no sender report of the new source yet").isZero();
    }

    private static RtcpPacket.ReportBlock block(byte[] rr) {
        List<RtcpPacket> packets = RtcpPacket.parse(rr, 0, rr.length);
        assertThat(packets).hasSize(1);
        RtcpPacket.ReceiverReport report = (RtcpPacket.ReceiverReport) packets.get(0);
        assertThat(report.senderSsrc()).isEqualTo(7);
        assertThat(report.blocks()).hasSize(1);
        return report.blocks().get(0);
    }
}
