package de.videoberatung.callwindow;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.call.StreamStats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallQualityTest {

    @Test
    void noMediaYetIsUnknown() {
        assertThat(CallQuality.of(null)).isEqualTo(CallQuality.UNKNOWN);
        assertThat(CallQuality.of(new CallStats(Instant.EPOCH, -1, StreamStats.NONE, StreamStats.NONE,
                StreamStats.NONE, StreamStats.NONE))).isEqualTo(CallQuality.UNKNOWN);
    }

    @Test
    void shortRoundTripNoLossAndAFullPictureIsGood() {
        assertThat(CallQuality.of(stats(40, 0.5, 0.0, video(600, 0)))).isEqualTo(CallQuality.GOOD);
    }

    @Test
    void noticeableDelayOrSomeLossIsFair() {
        assertThat(CallQuality.of(stats(250, 0, 0, video(600, 0)))).isEqualTo(CallQuality.FAIR);
        assertThat(CallQuality.of(stats(40, 4, 0, video(600, 0)))).isEqualTo(CallQuality.FAIR);
        assertThat(CallQuality.of(stats(40, 0, 0, video(150, 0)))).isEqualTo(CallQuality.FAIR);
    }

    @Test
    void longDelayHeavyLossOrASlideShowIsPoor() {
        assertThat(CallQuality.of(stats(600, 0, 0, video(600, 0)))).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(stats(40, 0, 0, video(600, 12)))).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(stats(40, 0, 0, video(30, 0)))).isEqualTo(CallQuality.POOR);
    }

    @Test
    void aCustomerWithoutCameraIsJudgedBySoundAlone() {
        assertThat(CallQuality.of(stats(40, 0, 0, StreamStats.NONE))).isEqualTo(CallQuality.GOOD);
    }

    private static StreamStats video(double kbps, double loss) {
        return new StreamStats(900, 900_000, kbps, loss, 3, 300, 30, 640, 480);
    }

    private static CallStats stats(long rtt, double audioLoss, double ignored, StreamStats videoIn) {
        StreamStats audio = new StreamStats(500, 40_000, 32, audioLoss, 2, 0, 0, 0, 0);
        return new CallStats(Instant.EPOCH, rtt, audio, audio, videoIn, videoIn);
    }
}
