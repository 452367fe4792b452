package de.videoberatung.callwindow;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.i18n.Messages;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.call.CustomerReceives;
import de.videoberatung.media.call.StreamStats;
import de.videoberatung.media.call.VideoSendStats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallQualityTest {

    private static final StreamStats VIDEO_OUT = new StreamStats(900, 900_000, 700, 0, 0, 300, 30, 640, 480);

    @Test
    void noMediaYetIsUnknown() {
        assertThat(CallQuality.of(null)).isEqualTo(CallQuality.UNKNOWN);
        assertThat(CallQuality.of(new CallStats(Instant.EPOCH, -1, StreamStats.NONE, StreamStats.NONE,
                StreamStats.NONE, StreamStats.NONE))).isEqualTo(CallQuality.UNKNOWN);
    }

    @Test
    void shortRoundTripNoLossAndAFullPictureIsGood() {
        assertThat(CallQuality.of(stats(40, 0.5, video(600, 0), CustomerReceives.UNKNOWN)))
                .isEqualTo(CallQuality.GOOD);
        assertThat(CallQuality.of(stats(40, 0.5, video(600, 0), customer(0.4, 1200))))
                .isEqualTo(CallQuality.GOOD);
    }

    @Test
    void noticeableDelayOrSomeLossIsFair() {
        assertThat(CallQuality.of(stats(250, 0, video(600, 0), CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.FAIR);
        assertThat(CallQuality.of(stats(40, 4, video(600, 0), CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.FAIR);
        assertThat(CallQuality.of(stats(40, 0, video(150, 0), CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.FAIR);
    }

    @Test
    void longDelayHeavyLossOrASlideShowIsPoor() {
        assertThat(CallQuality.of(stats(600, 0, video(600, 0), CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(stats(40, 0, video(600, 12), CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(stats(40, 0, video(30, 0), CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.POOR);
    }

    @Test
    void aCustomerWithoutCameraIsJudgedBySoundAlone() {
        assertThat(CallQuality.of(stats(40, 0, StreamStats.NONE, CustomerReceives.UNKNOWN))).isEqualTo(CallQuality.GOOD);
    }

    @Test
    void heavyLossAtTheCustomerMakesTheCallPoorThoughTheAdvisorReceivesWell() {
        CallStats s = stats(40, 0, video(600, 0), customer(12, 1200));

        assertThat(CallQuality.advisorReceives(s)).isEqualTo(CallQuality.GOOD);
        assertThat(CallQuality.customerReceives(s)).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(s)).isEqualTo(CallQuality.POOR);
    }

    @Test
    void aLowBandwidthEstimateAtTheCustomerLimitsThePictureWeSend() {
        assertThat(CallQuality.of(stats(40, 0, video(600, 0), customer(0, 60)))).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(stats(40, 0, video(600, 0), customer(0, 150)))).isEqualTo(CallQuality.FAIR);
        assertThat(CallQuality.of(stats(40, 0, video(600, 0), customer(0, -1))))
                .as("no estimate: judged by loss alone").isEqualTo(CallQuality.GOOD);
    }

    @Test
    void theWorseDirectionWinsEitherWay() {
        assertThat(CallQuality.of(stats(40, 4, video(600, 0), customer(0, 1200)))).isEqualTo(CallQuality.FAIR);
        assertThat(CallQuality.of(stats(40, 0, video(30, 0), customer(4, 1200)))).isEqualTo(CallQuality.POOR);
        assertThat(CallQuality.of(stats(40, 0, video(600, 0), customer(4, 1200)))).isEqualTo(CallQuality.FAIR);
    }

    @Test
    void theHoverTextSaysWhatEachSideReceives() {
        Messages german = Messages.german();

        String text = CallQuality.details(stats(40, 0.5, video(600, 0), customer(3.5, 420)), german);

        assertThat(text).contains("Laufzeit (RTT) 40 ms", "Sie empfangen: Verlust 0,5 %", "600 kbit/s", "640×480",
                "Die Kundin/der Kunde empfängt: Verlust 3,5 %", "Jitter 12 ms", "geschätzt 420 kbit/s");
        assertThat(CallQuality.details(stats(40, 0, video(600, 0), CustomerReceives.UNKNOWN), german))
                .contains("Die Kundin/der Kunde empfängt: noch keine Rückmeldung");
        assertThat(CallQuality.details(null, german)).isEmpty();
    }

    private static CustomerReceives customer(double videoLoss, double estimateKbps) {
        return new CustomerReceives(5, 0, videoLoss, 10, 4, 12, estimateKbps);
    }

    private static StreamStats video(double kbps, double loss) {
        return new StreamStats(900, 900_000, kbps, loss, 3, 300, 30, 640, 480);
    }

    private static CallStats stats(long rtt, double audioLoss, StreamStats videoIn, CustomerReceives customer) {
        StreamStats audio = new StreamStats(500, 40_000, 32, audioLoss, 2, 0, 0, 0, 0);
        return new CallStats(Instant.EPOCH, rtt, audio, audio, videoIn, VIDEO_OUT, VideoSendStats.NONE, customer, -1);
    }
}
