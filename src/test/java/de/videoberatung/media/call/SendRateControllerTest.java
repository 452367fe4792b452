package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.media.call.SendRateController.Decision;
import org.junit.jupiter.api.Test;

/** Simulated receiver reports and REMBs, one a second as Chromium sends them, against the controller's targets. */
class SendRateControllerTest {

    private final SendRateController controller = new SendRateController(640, 480, 20);
    private long now = 10_000;

    @Test
    void startsModestlyWithAudioTakenOffTheTop() {
        Decision d = controller.decision();

        assertThat(d.estimateKbps()).isBetween(300, 500);
        assertThat(d.videoKbps()).isEqualTo(d.estimateKbps() - SendRateController.AUDIO_KBPS);
        assertThat(d.width()).isEqualTo(640);
        assertThat(d.frameRate()).isEqualTo(20);
        assertThat(d.suspended()).isFalse();
    }

    @Test
    void rampsUpQuicklyWhileRembAllowsAndStopsAtIt() {
        Decision d = null;
        for (int s = 0; s < 8; s++) {
            controller.onRemb(2_000_000, now);
            d = report(0.0);
        }
        assertThat(d.estimateKbps()).as("8 s after the start with a 2 Mbit/s REMB").isGreaterThan(1400);

        for (int s = 0; s < 10; s++) {
            controller.onRemb(1_500_000, now);
            d = report(0.0);
        }
        assertThat(d.estimateKbps()).as("capped by REMB").isEqualTo(1500);

        for (int s = 0; s < 10; s++) {
            controller.onRemb(3_000_000, now);
            d = report(0.0);
        }
        assertThat(d.videoKbps()).as("no more video than 640x480 is worth")
                .isEqualTo(SendRateController.MAX_VIDEO_KBPS_VGA);
    }

    @Test
    void aLowerRembCapsAtOnce() {
        report(0.0);

        Decision d = controller.onRemb(250_000, now);

        assertThat(d.estimateKbps()).isEqualTo(250);
        assertThat(d.videoKbps()).isEqualTo(210);
    }

    @Test
    void holdsBetweenTwoAndTenPercentAndBacksOffAbove() {
        int start = report(0.05).estimateKbps();
        assertThat(report(0.05).estimateKbps()).isEqualTo(start);
        assertThat(report(0.09).estimateKbps()).isEqualTo(start);

        Decision d = report(0.30);

        assertThat(d.estimateKbps()).isEqualTo((int) Math.round(start * 0.85));
    }

    @Test
    void lowersTheFrameRateFirstThenTheResolution() {
        controller.onRemb(300_000, now);
        Decision at300 = report(0.0);
        assertThat(at300.width()).as("640x480 kept at 260 kbit/s of video").isEqualTo(640);
        assertThat(at300.frameRate()).isEqualTo(16);

        controller.onRemb(200_000, now);
        Decision at200 = report(0.0);
        assertThat(at200.width()).isEqualTo(640);
        assertThat(at200.frameRate()).isEqualTo(10);

        controller.onRemb(150_000, now);
        Decision at150 = report(0.0);
        assertThat(at150.width()).as("below 640x480's floor at 10 fps").isEqualTo(480);
        assertThat(at150.height()).isEqualTo(360);
        assertThat(at150.frameRate()).isEqualTo(12);

        controller.onRemb(115_000, now);
        Decision at115 = report(0.0);
        assertThat(at115.width()).isEqualTo(320);
        assertThat(at115.frameRate()).isEqualTo(19);
    }

    @Test
    void suspendsVideoBelowTheFloorAndResumesOnlyWellAboveIt() {
        controller.onRemb(90_000, now);
        Decision weak = report(0.0);
        assertThat(weak.suspended()).as("50 kbit/s for video: audio only").isTrue();

        Decision middle = null;
        for (int s = 0; s < 4; s++) {
            controller.onRemb(90_000, now);
            middle = report(0.0);
        }
        assertThat(middle.videoKbps()).as("the stale REMB of a suspended video does not hold it down")
                .isBetween(SendRateController.SUSPEND_BELOW_KBPS, SendRateController.RESUME_AT_KBPS - 1);
        for (int s = 0; s < 5; s++) {
            middle = report(0.05);
        }
        assertThat(middle.suspended()).as("above the floor, below the resume level, 10 s on").isTrue();
    }

    @Test
    void rembIsNotTrustedRightAfterMediaStarts() {
        controller.mediaStarted(now);

        assertThat(controller.onRemb(300_000, now + 1000).estimateKbps()).as("Chromium's start value")
                .isEqualTo(SendRateController.START_KBPS);
        long started = now;
        while (now - started < SendRateController.REMB_GRACE_MS - 1000) {
            assertThat(report(0.0).estimateKbps()).as("no climbing before anything measured the link")
                    .isEqualTo(SendRateController.START_KBPS);
        }
        now = started + 5000;
        assertThat(controller.onRemb(300_000, now).estimateKbps()).isEqualTo(300);
    }

    @Test
    void aProbedRembInTheStartPhaseIsTrustedAtOnceButNotAfterLossNorLater() {
        controller.mediaStarted(now);

        assertThat(controller.onRemb(1_600_000, now + 300).estimateKbps())
                .as("Chromium's reading of the paced first key frame").isEqualTo(1600);
        assertThat(controller.onRemb(300_000, now + 600).estimateKbps())
                .as("a lower REMB in the start phase does not cap yet").isEqualTo(1600);

        SendRateController lossy = new SendRateController(640, 480, 20);
        lossy.mediaStarted(now);
        lossy.onLoss(0.05, now + 200);
        assertThat(lossy.onRemb(1_600_000, now + 300).estimateKbps()).as("loss seen: no jump")
                .isEqualTo(SendRateController.START_KBPS);

        SendRateController late = new SendRateController(640, 480, 20);
        late.mediaStarted(now);
        assertThat(late.onRemb(1_600_000, now + SendRateController.REMB_GRACE_MS + 1000).estimateKbps())
                .as("after the start phase a REMB only caps").isEqualTo(SendRateController.START_KBPS);
    }

    @Test
    void resumesFiveSecondsAfterSuspendingAtTheEarliestThenStepsTheResolutionUp() {
        controller.onRemb(90_000, now);
        long suspendedAt = now;
        assertThat(report(0.0).suspended()).isTrue();
        Decision d = report(0.0);
        while (d.suspended() && now - suspendedAt < 30_000) {
            d = report(0.0);
        }

        assertThat(d.suspended()).isFalse();
        assertThat(now - suspendedAt).isGreaterThanOrEqualTo(5000);
        assertThat(d.videoKbps()).isGreaterThanOrEqualTo(SendRateController.RESUME_AT_KBPS);
        assertThat(d.width()).as("resumes small").isEqualTo(320);
        for (int s = 0; s < 5; s++) {
            d = report(0.0);
        }
        assertThat(d.width()).isEqualTo(480);
        for (int s = 0; s < 5; s++) {
            d = report(0.0);
        }
        assertThat(d.width()).isEqualTo(640);
    }

    @Test
    void heavyLossAloneDrivesItIntoAudioOnlyAndLowLossBringsVideoBack() {
        Decision d = null;
        for (int s = 0; s < 12 && (d == null || !d.suspended()); s++) {
            d = report(0.5);
        }
        assertThat(d.suspended()).isTrue();

        for (int s = 0; s < 20 && d.suspended(); s++) {
            d = report(0.0);
        }
        assertThat(d.suspended()).isFalse();
        assertThat(d.videoKbps()).isGreaterThanOrEqualTo(SendRateController.RESUME_AT_KBPS);
    }

    private Decision report(double loss) {
        now += 1000;
        return controller.onLoss(loss, now);
    }
}
