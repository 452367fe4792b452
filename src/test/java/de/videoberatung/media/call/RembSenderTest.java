package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RembSenderTest {

    private static final long SECOND = 1_000_000_000L;

    private final RecordingFeedback channel = new RecordingFeedback(9, 60);
    private final List<byte[]> sent = channel.sent;
    private final RembSender remb = new RembSender(channel, 2);

    /** Reads the bitrate back from a REMB the way a receiver of it does. */
    private static long bitrate(byte[] remb) {
        int word = ByteBuffer.wrap(remb).getInt(16);
        return (long) (word & 0x3ffff) << (word >>> 18 & 0x3f);
    }

    @Test
    void rembEncodesTheBitrateInMantissaAndExponentForTheListedStreams() {
        byte[] p = RtcpFeedback.remb(9, 1_500_000, new long[] {0xA1L, 0xB2L});

        assertThat(p).hasSize(28);
        assertThat(p).startsWith(0x8f, 206, 0, 6, 0, 0, 0, 9, 0, 0, 0, 0, 'R', 'E', 'M', 'B', 2);
        assertThat(bitrate(p)).isBetween(1_499_990L, 1_500_000L);
        assertThat(ByteBuffer.wrap(p).getInt(20)).isEqualTo(0xA1);
        assertThat(ByteBuffer.wrap(p).getInt(24)).isEqualTo(0xB2);
        assertThat(bitrate(RtcpFeedback.remb(9, 120_000, new long[] {1}))).isEqualTo(120_000);
    }

    @Test
    void nothingIsSentBeforeTheEstimatorHasAnEstimate() {
        remb.tick(SECOND);
        remb.tick(3 * SECOND);

        assertThat(sent).isEmpty();
        assertThat(remb.lastSentBps()).isEqualTo(-1);
    }

    @Test
    void theEstimateGoesOutAboutOnceASecond() {
        remb.onReceiveBitrateChanged(List.of(0xA1L), 800_000);
        remb.tick(10 * SECOND);
        assertThat(sent).hasSize(1);
        assertThat(bitrate(sent.get(0))).isEqualTo(800_000);

        remb.onReceiveBitrateChanged(List.of(0xA1L), 850_000);
        remb.tick(10 * SECOND + SECOND / 2);
        assertThat(sent).as("not yet due").hasSize(1);
        remb.tick(11 * SECOND);
        assertThat(sent).hasSize(2);
        assertThat(bitrate(sent.get(1))).isEqualTo(850_000);
    }

    @Test
    void aDropOfMoreThanTenPercentGoesOutAtOnce() {
        remb.onReceiveBitrateChanged(List.of(0xA1L), 1_000_000);
        remb.tick(10 * SECOND);
        assertThat(sent).hasSize(1);

        remb.onReceiveBitrateChanged(List.of(0xA1L), 950_000);
        assertThat(sent).as("a small dip waits for the next periodic report").hasSize(1);
        remb.onReceiveBitrateChanged(List.of(0xA1L), 700_000);
        assertThat(sent).hasSize(2);
        assertThat(bitrate(sent.get(1))).isEqualTo(700_000);
        assertThat(remb.lastSentBps()).isEqualTo(700_000);
    }
}
