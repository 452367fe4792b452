package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NACKed packets come back as RFC 4588 retransmissions: RTX PT and SSRC, own sequence, OSN, payload. */
class RtxSenderTest {

    private static final int VP8_PT = 96;
    private static final int RTX_PT = 97;
    private static final long MEDIA_SSRC = 0x11223344L;
    private static final long RTX_SSRC = 0x55667788L;

    private final List<byte[]> sent = new ArrayList<>();
    private final RtxSender rtx = new RtxSender(RTX_PT, RTX_SSRC, (p, len) -> sent.add(Arrays.copyOf(p, len)), () -> 100);
    private long now = 5_000_000_000L;

    @Test
    void aNackForACachedPacketYieldsAnRtxPacketWithTheOriginalSequenceNumberAndPayload() {
        byte[] original = packet(1000, true, new byte[] {0x10, 0x22, 0x33, 0x44, 0x55});
        rtx.sent(original, 0, original.length, now);
        rtx.sent(packet(1001, false, new byte[] {1}), 0, 13, now);

        assertThat(rtx.onNack(List.of(1000), now + 50_000_000L)).isEqualTo(1);

        byte[] r = sent.get(0);
        assertThat(r.length).isEqualTo(original.length + 2);
        assertThat(r[0] & 0xff).as("version 2, no padding, no extension, no CSRC").isEqualTo(0x80);
        assertThat(r[1] & 0x7f).isEqualTo(RTX_PT);
        assertThat(r[1] & 0x80).as("the marker bit is kept").isEqualTo(0x80);
        assertThat(Arrays.copyOfRange(r, 4, 8)).as("the timestamp is kept").isEqualTo(Arrays.copyOfRange(original, 4, 8));
        assertThat(u32(r, 8)).isEqualTo(RTX_SSRC);
        assertThat(u16(r, 12)).as("OSN").isEqualTo(1000);
        assertThat(Arrays.copyOfRange(r, 14, r.length)).isEqualTo(new byte[] {0x10, 0x22, 0x33, 0x44, 0x55});
    }

    @Test
    void rtxSequenceNumbersAreConsecutiveAndTheirOwn() {
        for (int seq = 65534; seq <= 65537; seq++) {
            byte[] p = packet(seq & 0xffff, false, new byte[] {(byte) seq});
            rtx.sent(p, 0, p.length, now);
        }

        rtx.onNack(List.of(65534, 65535, 0, 1), now + 1_000_000L);

        assertThat(sent).hasSize(4);
        int first = u16(sent.get(0), 2);
        for (int i = 0; i < 4; i++) {
            assertThat(u16(sent.get(i), 2)).isEqualTo((first + i) & 0xffff);
            assertThat(u16(sent.get(i), 12)).isEqualTo((65534 + i) & 0xffff);
        }
    }

    @Test
    void keepsCsrcsAndTheHeaderExtensionInFrontOfTheOsn() {
        byte[] p = new byte[12 + 4 + 8 + 3];
        p[0] = (byte) 0x91; // extension bit, one CSRC
        p[1] = (byte) VP8_PT;
        p[3] = 7;
        p[16] = (byte) 0xbe;
        p[17] = (byte) 0xde;
        p[19] = 1; // one word of extension
        p[24] = 9;
        p[25] = 8;
        p[26] = 7;
        rtx.sent(p, 0, p.length, now);

        rtx.onNack(List.of(7), now);

        byte[] r = sent.get(0);
        assertThat(Arrays.copyOfRange(r, 12, 24)).isEqualTo(Arrays.copyOfRange(p, 12, 24));
        assertThat(u16(r, 24)).isEqualTo(7);
        assertThat(Arrays.copyOfRange(r, 26, 29)).containsExactly(9, 8, 7);
    }

    @Test
    void unknownTooOldOrJustResentPacketsAreNotSent() {
        byte[] p = packet(10, false, new byte[] {1, 2});
        rtx.sent(p, 0, p.length, now);

        assertThat(rtx.onNack(List.of(11), now)).as("never sent").isZero();
        assertThat(rtx.onNack(List.of(10 + 1024), now)).as("another packet in the same slot").isZero();
        assertThat(rtx.onNack(List.of(10), now + 10_000_000L)).isEqualTo(1);
        assertThat(rtx.onNack(List.of(10), now + 60_000_000L)).as("within one round trip of the resend").isZero();
        assertThat(rtx.onNack(List.of(10), now + 150_000_000L)).as("the resend was lost too").isEqualTo(1);
        assertThat(rtx.onNack(List.of(10), now + 1_100_000_000L)).as("older than a second").isZero();
    }

    @Test
    void retransmissionsStayWithinTheirShareOfTheEstimate() {
        rtx.setEstimate(200); // 50 kbit/s for RTX, a bucket of 25 kbit
        List<Integer> lost = new ArrayList<>();
        for (int seq = 0; seq < 100; seq++) {
            byte[] p = packet(seq, false, new byte[1000]);
            rtx.sent(p, 0, p.length, now);
            lost.add(seq);
        }

        int resent = rtx.onNack(lost, now);

        assertThat(resent).as("25 kbit of 1014-byte packets").isEqualTo(3);
        assertThat(rtx.limited()).isEqualTo(97);
        assertThat(rtx.onNack(List.of(50, 51), now + 200_000_000L)).as("10 kbit more after 200 ms").isEqualTo(1);
    }

    private static byte[] packet(int seq, boolean marker, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) ((marker ? 0x80 : 0) | VP8_PT);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = 0x01;
        p[5] = 0x02;
        p[6] = 0x03;
        p[7] = 0x04;
        p[8] = (byte) (MEDIA_SSRC >> 24);
        p[9] = (byte) (MEDIA_SSRC >> 16);
        p[10] = (byte) (MEDIA_SSRC >> 8);
        p[11] = (byte) MEDIA_SSRC;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }
}
