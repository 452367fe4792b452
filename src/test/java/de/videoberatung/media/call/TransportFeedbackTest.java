package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jitsi.impl.neomedia.rtcp.RTCPTCCPacket;
import org.jitsi.service.neomedia.RawPacket;
import org.junit.jupiter.api.Test;

/**
 * Transport-wide feedback as written by {@link RtcpFeedback#transportFeedback} from what {@link TransportArrivals}
 * recorded, read back with libjitsi's independent parser ({@link RTCPTCCPacket}): it yields each received
 * sequence number with its arrival in 250 µs ticks (the reference time plus the deltas up to it).
 */
class TransportFeedbackTest {

    private static final long SENDER = 0xAABBCCDDL;
    private static final long MEDIA = 0x01020304L;
    private static final long ORIGIN = 1_000_000_000L;

    /** Arrival {@code micros} after the origin, in the parser's ticks. */
    private static long ticks(long micros) {
        return micros / 250;
    }

    private static Map<Integer, Long> parse(byte[] packet) {
        assertThat(packet.length % 4).as("padded to 32 bits").isZero();
        assertThat((((packet[2] & 0xff) << 8 | packet[3] & 0xff) + 1) * 4).as("length field").isEqualTo(packet.length);
        assertThat(packet[0] & 0x1f).as("FMT").isEqualTo(15);
        assertThat(packet[1] & 0xff).as("RTPFB").isEqualTo(205);
        if ((packet[0] & 0x20) != 0) {
            assertThat(packet[packet.length - 1] & 0xff).as("RFC 3550 padding count").isBetween(1, 3);
        }
        RawPacket raw = new RawPacket(packet, 0, packet.length);
        assertThat(RTCPTCCPacket.isTCCPacket(raw)).isTrue();
        return new LinkedHashMap<>(RTCPTCCPacket.getPackets(raw));
    }

    private static int baseSeq(byte[] p) {
        return (p[12] & 0xff) << 8 | p[13] & 0xff;
    }

    private static int statusCount(byte[] p) {
        return (p[14] & 0xff) << 8 | p[15] & 0xff;
    }

    private static int feedbackCount(byte[] p) {
        return p[19] & 0xff;
    }

    @Test
    void packetsInOrderAreReportedWithTheirArrivalTimes() {
        TransportArrivals arrivals = new TransportArrivals(ORIGIN);
        Map<Integer, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            long micros = 3_000_000 + i * 4_321L;
            arrivals.received(100 + i, MEDIA, ORIGIN + micros * 1000);
            expected.put(100 + i, ticks(micros));
        }

        List<byte[]> packets = arrivals.feedback(SENDER, ORIGIN + 3_200_000_000L);

        assertThat(packets).hasSize(1);
        byte[] p = packets.get(0);
        assertThat(p).startsWith(0x80 | (p[0] & 0x20) | 15, 205);
        assertThat(Arrays.copyOfRange(p, 4, 12)).containsExactly(0xAA, 0xBB, 0xCC, 0xDD, 1, 2, 3, 4);
        assertThat(baseSeq(p)).isEqualTo(100);
        assertThat(statusCount(p)).isEqualTo(20);
        assertThat(feedbackCount(p)).isZero();
        assertThat(parse(p)).containsExactlyEntriesOf(expected);
        assertThat(arrivals.feedback(SENDER, ORIGIN + 3_300_000_000L)).as("nothing new").isEmpty();
    }

    @Test
    void lostPacketsAreReportedMissingAndTheNextFeedbackCountsOn() {
        TransportArrivals arrivals = new TransportArrivals(ORIGIN);
        Map<Integer, Long> expected = new LinkedHashMap<>();
        // 7 lost alone, 20..39 lost as a run, 45 lost alone.
        for (int seq = 0; seq < 60; seq++) {
            if (seq == 7 || seq >= 20 && seq < 40 || seq == 45) {
                continue;
            }
            long micros = 1_000_000 + seq * 2_000L;
            arrivals.received(seq, MEDIA, ORIGIN + micros * 1000);
            expected.put(seq, ticks(micros));
        }
        arrivals.received(60, MEDIA, ORIGIN + 2_000_000_000L);

        byte[] first = arrivals.feedback(SENDER, ORIGIN + 1_050_000_000L).get(0);
        arrivals.received(61, MEDIA, ORIGIN + 2_001_000_000L);
        byte[] second = arrivals.feedback(SENDER, ORIGIN + 2_050_000_000L).get(0);

        assertThat(statusCount(first)).as("lost ones are counted").isEqualTo(61);
        expected.put(60, ticks(2_000_000));
        assertThat(parse(first)).containsExactlyEntriesOf(expected);
        assertThat(baseSeq(second)).isEqualTo(61);
        assertThat(feedbackCount(second)).isEqualTo(1);
        assertThat(parse(second)).containsExactly(Map.entry(61, ticks(2_001_000)));
    }

    @Test
    void reorderedArrivalsGetNegativeDeltasAndALateOneIsReportedAgain() {
        TransportArrivals arrivals = new TransportArrivals(ORIGIN);
        arrivals.received(10, MEDIA, ORIGIN + 1_000_000_000L);
        arrivals.received(12, MEDIA, ORIGIN + 1_001_000_000L);
        arrivals.received(11, MEDIA, ORIGIN + 1_003_000_000L);
        arrivals.received(14, MEDIA, ORIGIN + 1_004_000_000L);

        byte[] first = arrivals.feedback(SENDER, ORIGIN + 1_010_000_000L).get(0);
        // 13 comes after the feedback that reported it missing; 14 again as a duplicate.
        arrivals.received(13, MEDIA, ORIGIN + 1_020_000_000L);
        arrivals.received(14, MEDIA, ORIGIN + 1_021_000_000L);
        arrivals.received(15, MEDIA, ORIGIN + 1_022_000_000L);
        byte[] second = arrivals.feedback(SENDER, ORIGIN + 1_030_000_000L).get(0);

        assertThat(parse(first)).containsExactly(Map.entry(10, ticks(1_000_000)), Map.entry(11, ticks(1_003_000)),
                Map.entry(12, ticks(1_001_000)), Map.entry(14, ticks(1_004_000)));
        assertThat(baseSeq(second)).as("again from the late one").isEqualTo(13);
        assertThat(parse(second)).as("the duplicate keeps its first arrival").containsExactly(
                Map.entry(13, ticks(1_020_000)), Map.entry(14, ticks(1_004_000)), Map.entry(15, ticks(1_022_000)));
        assertThat(arrivals.counters()).isEqualTo(new TransportArrivals.Counters(2, 6, 1, 1));
    }

    @Test
    void sequenceNumbersWrapAt65535() {
        TransportArrivals arrivals = new TransportArrivals(ORIGIN);
        Map<Integer, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            int seq = (65530 + i) & 0xffff;
            long micros = 5_000_000 + i * 1_000L;
            arrivals.received(seq, MEDIA, ORIGIN + micros * 1000);
            expected.put(seq, ticks(micros));
        }

        List<byte[]> packets = arrivals.feedback(SENDER, ORIGIN + 5_100_000_000L);

        assertThat(packets).hasSize(1);
        assertThat(baseSeq(packets.get(0))).isEqualTo(65530);
        assertThat(statusCount(packets.get(0))).isEqualTo(12);
        // No losses here: libjitsi's parser steps over a run of lost packets modulo 65535, not 65536.
        assertThat(parse(packets.get(0))).isEqualTo(expected);
    }

    @Test
    void aPauseTooLongForOneDeltaStartsAFeedbackPacketOfItsOwn() {
        // 9 s between 501 and 502: more than a signed 16-bit delta of 250 µs (8.19 s) holds.
        long[] micros = {2_000_000, -1, 2_001_000, 11_001_000, 11_001_300};

        List<byte[]> packets = RtcpFeedback.transportFeedback(SENDER, MEDIA, 499, micros, 255);

        assertThat(packets).hasSize(2);
        assertThat(baseSeq(packets.get(0))).isEqualTo(499);
        assertThat(statusCount(packets.get(0))).isEqualTo(3);
        assertThat(feedbackCount(packets.get(0))).isEqualTo(255);
        assertThat(parse(packets.get(0))).containsExactly(Map.entry(499, ticks(2_000_000)), Map.entry(501, ticks(2_001_000)));
        assertThat(baseSeq(packets.get(1))).isEqualTo(502);
        assertThat(statusCount(packets.get(1))).isEqualTo(2);
        assertThat(feedbackCount(packets.get(1))).as("the 8-bit count wraps").isZero();
        assertThat(parse(packets.get(1))).containsExactly(Map.entry(502, ticks(11_001_000)), Map.entry(503, ticks(11_001_300)));
    }

    @Test
    void aLongRunOfLostPacketsTakesSeveralRunLengthChunks() {
        // 20,000 lost: more than one run-length chunk holds (8,191).
        long[] micros = new long[20_002];
        Arrays.fill(micros, -1);
        micros[0] = 4_000_000;
        micros[20_001] = 4_010_000;

        List<byte[]> packets = RtcpFeedback.transportFeedback(SENDER, MEDIA, 7, micros, 3);

        assertThat(packets).hasSize(1);
        assertThat(statusCount(packets.get(0))).isEqualTo(20_002);
        assertThat(packets.get(0).length).as("a few chunks, two deltas").isLessThan(40);
        assertThat(parse(packets.get(0))).containsExactly(Map.entry(7, ticks(4_000_000)),
                Map.entry(20_008, ticks(4_010_000)));
    }

    @Test
    void deltasOfOneAndTwoBytesMixAndManyPacketsSplitBelowTheMtu() {
        List<Long> times = new ArrayList<>();
        long t = 7_000_000;
        for (int i = 0; i < 1000; i++) {
            // Mostly small steps, every fifth a step of 100 ms (a two-byte delta), every 13th one going back.
            t += i % 5 == 0 ? 100_000 : i % 13 == 0 ? -3_000 : 700;
            times.add(t);
        }
        long[] micros = times.stream().mapToLong(Long::longValue).toArray();

        List<byte[]> packets = RtcpFeedback.transportFeedback(SENDER, MEDIA, 1000, micros, 0);

        assertThat(packets).hasSize(3);
        Map<Integer, Long> parsed = new LinkedHashMap<>();
        for (byte[] p : packets) {
            assertThat(p.length).isLessThan(1200);
            parsed.putAll(parse(p));
        }
        assertThat(parsed).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(parsed.get(1000 + i)).as("seq %d", 1000 + i).isEqualTo(ticks(micros[i]));
        }
    }

    @Test
    void readsTheSequenceNumberFromOneByteAndTwoByteHeaderExtensions() {
        byte[] oneByte = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, (byte) 0xbe, (byte) 0xde, 0, 2,
            0x22, 1, 2, 3, 0x31, (byte) 0xff, (byte) 0xfe, 0, 9};
        byte[] twoByte = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0x10, 0x00, 0, 2,
            5, 1, 9, 0, 3, 2, 0x12, 0x34, 9};
        byte[] none = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 9};

        assertThat(TransportArrivals.sequenceNumber(oneByte, 0, oneByte.length, 3)).isEqualTo(0xfffe);
        assertThat(TransportArrivals.sequenceNumber(oneByte, 0, oneByte.length, 4)).isEqualTo(-1);
        assertThat(TransportArrivals.sequenceNumber(twoByte, 0, twoByte.length, 3)).isEqualTo(0x1234);
        assertThat(TransportArrivals.sequenceNumber(none, 0, none.length, 3)).isEqualTo(-1);
        assertThat(TransportArrivals.sequenceNumber(oneByte, 0, 18, 3)).as("truncated").isEqualTo(-1);
    }
}
