package de.videoberatung.media.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The synthetic camera's frame clock, on a clock of the test's own: waiting advances it by exactly the time
 * waited, so the pacing is checked to the nanosecond and no load on the machine can change the result.
 */
class TestbildDeviceTest {

    private static final long SECOND = 1_000_000_000L;

    /** Virtual time: a park passes the time asked for at once, the caller's own work passes by {@link #work}. */
    private static final class VirtualClock implements TestbildDevice.FrameClock {
        long now = 7 * SECOND;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void park(Object blocker, long nanos) {
            now += nanos;
        }

        void work(long nanos) {
            now += nanos;
        }
    }

    private final VirtualClock clock = new VirtualClock();
    private final List<Long> painted = new ArrayList<>();
    private final TestbildDevice device = new TestbildDevice("Testbild", (size, nanos, frame, wallClock) -> {
        painted.add(nanos);
        return new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_3BYTE_BGR);
    }, clock);

    @Test
    void framesComeAtTheRequestedRateWhateverTheCallerAsksFor() {
        device.setParameters(Map.of(TestbildDevice.PARAM_FPS, 20));
        device.setResolution(VideoSize.HD.toDimension());
        device.open();

        for (int i = 0; i < 21; i++) {
            BufferedImage frame = device.getImage();
            assertThat(frame.getWidth()).isEqualTo(1280);
            assertThat(frame.getHeight()).isEqualTo(720);
            clock.work(3_000_000); // the caller encodes for 3 ms, well within the 50 ms interval
        }

        assertThat(painted.get(0)).as("the first frame at once").isEqualTo(7 * SECOND);
        assertThat(painted.get(20) - painted.get(0)).as("20 intervals of 50 ms").isEqualTo(SECOND);
        for (int i = 1; i < painted.size(); i++) {
            assertThat(painted.get(i) - painted.get(i - 1)).isEqualTo(SECOND / 20);
        }
        assertThat(device.getFPS()).as("the rate the device reports").isCloseTo(20.0, within(0.01));
    }

    @Test
    void aCallerThatFellBehindGetsTheNextFrameAtOnceAndNoBurstToCatchUp() {
        device.setParameters(Map.of(TestbildDevice.PARAM_FPS, 30));
        device.open();
        device.getImage();
        long interval = SECOND / 30;

        clock.work(5 * interval); // the caller was busy for five frames' time
        device.getImage();
        device.getImage();
        device.getImage();

        assertThat(painted.get(1) - painted.get(0)).as("at once after the stall").isEqualTo(5 * interval);
        assertThat(painted.get(2) - painted.get(1)).as("then one interval, not a burst").isEqualTo(interval);
        assertThat(painted.get(3) - painted.get(2)).isEqualTo(interval);
    }

    @Test
    void aClosedOrUnpluggedDeviceGivesNoFrame() {
        device.open();
        assertThat(device.getImage()).isNotNull();
        device.close();
        assertThat(device.getImage()).as("closed").isNull();

        device.open();
        assertThat(device.getImage()).isNotNull();
        device.unplug();
        assertThat(device.getImage()).as("unplugged").isNull();

        assertThat(painted).hasSize(2);
    }
}
