package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpFeedbackTest {

    @Test
    void genericNackPacksFollowingLossesIntoTheBitMask() {
        // 65535 and 65536 (wire 0) and 65539 (wire 3) fit one FCI; 65600 (wire 64) needs its own.
        byte[] p = RtcpFeedback.nack(0xAABBCCDDL, 0x01020304L, new long[] {65535, 65536, 65539, 65600});

        assertThat(p).hasSize(20);
        assertThat(p[0] & 0xff).as("V=2, FMT=1").isEqualTo(0x81);
        assertThat(p[1] & 0xff).as("RTPFB").isEqualTo(205);
        assertThat(((p[2] & 0xff) << 8) | (p[3] & 0xff)).as("length in words minus one").isEqualTo(4);
        assertThat(p).startsWith(0x81, 205, 0, 4, 0xAA, 0xBB, 0xCC, 0xDD, 1, 2, 3, 4);
        assertThat(Arrays.copyOfRange(p, 12, 20))
                .containsExactly(0xff, 0xff, 0x00, 0x09, 0x00, 0x40, 0x00, 0x00);
    }

    @Test
    void pictureLossIndicationNamesBothSources() {
        assertThat(RtcpFeedback.pli(1, 2)).containsExactly(0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2);
    }
}
