package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The RTCP feedback parser on the byte layouts Chromium sends (RFC 3550, 4585, 5104, REMB draft). */
class RtcpPacketTest {

    @Test
    void readsAReceiverReportWithRembAndSkipsSdesAsChromiumCompoundsThem() {
        // RR from 0x00000001 about 0x11223344: 25/256 lost, 300 cumulative, highest 0x00012345,
        // jitter 77, LSR 0xAABBCCDD, DLSR 0x00010000; then REMB 1,234,567 bit/s for one SSRC; then SDES.
        byte[] compound = hex(
                "81c90007 00000001"
                + " 11223344 1900012c 00012345 0000004d aabbccdd 00010000"
                + "8fce0005 00000001 00000000 52454d42 01 12 d687 11223344"
                + "81ca0003 00000001 0104 61626364 0000");

        List<RtcpPacket> packets = RtcpPacket.parse(compound, 0, compound.length);

        assertThat(packets).hasSize(2);
        RtcpPacket.ReceiverReport rr = (RtcpPacket.ReceiverReport) packets.get(0);
        assertThat(rr.senderSsrc()).isEqualTo(1);
        assertThat(rr.blocks()).containsExactly(new RtcpPacket.ReportBlock(0x11223344L, 25, 300, 0x12345, 77,
                0xaabbccddL, 0x10000));
        assertThat(rr.blocks().get(0).loss()).isCloseTo(0.0977, Offset.offset(0.001));
        RtcpPacket.Remb remb = (RtcpPacket.Remb) packets.get(1);
        // exponent 4 (0x12 >> 2), mantissa 0x2d687 = 186,000 -> 2,976,000 bit/s
        assertThat(remb.bitrate()).isEqualTo(0x2d687L << 4);
        assertThat(remb.ssrcs()).containsExactly(0x11223344L);
    }

    @Test
    void readsASenderReportsBlocks() {
        byte[] sr = hex("81c8000c 0000abcd 83aa7e80 00000000 00015f90 00000064 00002710"
                + " 11223344 0a000002 00000100 00000005 00000000 00000000");

        RtcpPacket.SenderReport p = (RtcpPacket.SenderReport) RtcpPacket.parse(sr, 0, sr.length).get(0);

        assertThat(p.senderSsrc()).isEqualTo(0xabcd);
        assertThat(p.ntpTimestamp()).isEqualTo(0x83aa7e80_00000000L);
        assertThat(p.packets()).isEqualTo(100);
        assertThat(p.octets()).isEqualTo(10000);
        assertThat(p.blocks()).singleElement().extracting(RtcpPacket.ReportBlock::fractionLost).isEqualTo(10);
    }

    @Test
    void expandsGenericNackBitmasksIncludingTheSequenceWrap() {
        // PID 100 with BLP 0x0005 (101 and 103 lost), then PID 65535 with BLP 0x0001 (0 lost).
        byte[] nack = hex("81cd0004 00000001 11223344 00640005 ffff0001");

        RtcpPacket.Nack n = (RtcpPacket.Nack) RtcpPacket.parse(nack, 0, nack.length).get(0);

        assertThat(n.mediaSsrc()).isEqualTo(0x11223344L);
        assertThat(n.lost()).containsExactly(100, 101, 103, 65535, 0);
    }

    @Test
    void readsPliAndFirWithItsCommandSequenceNumber() {
        byte[] both = hex("81ce0002 00000001 11223344" + "84ce0004 00000001 00000000 11223344 07000000");

        List<RtcpPacket> packets = RtcpPacket.parse(both, 0, both.length);

        assertThat(packets.get(0)).isEqualTo(new RtcpPacket.Pli(1, 0x11223344L));
        assertThat(packets.get(1)).isEqualTo(new RtcpPacket.Fir(1, List.of(new RtcpPacket.FirEntry(0x11223344L, 7))));
    }

    @Test
    void skipsTransportCcAndStopsAtAMalformedPacketKeepingWhatCameBefore() {
        byte[] pli = hex("81ce0002 00000001 11223344");
        byte[] tcc = hex("8fcd0004 00000001 11223344 00010001 00000100");
        byte[] truncated = hex("81c90007 00000001 11223344");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(tcc);
        all.writeBytes(pli);
        all.writeBytes(truncated);
        byte[] compound = all.toByteArray();

        assertThat(RtcpPacket.parse(compound, 0, compound.length)).containsExactly(new RtcpPacket.Pli(1, 0x11223344L));
        assertThat(RtcpPacket.parse(hex("00c90001 00000001"), 0, 8)).as("version 0").isEmpty();
        assertThat(RtcpPacket.parse(new byte[3], 0, 3)).isEmpty();
    }

    @Test
    void honoursTheOffsetIntoTheBuffer() {
        byte[] pli = hex("deadbeef 81ce0002 00000001 11223344 cafe");

        assertThat(RtcpPacket.parse(pli, 4, 12)).containsExactly(new RtcpPacket.Pli(1, 0x11223344L));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
