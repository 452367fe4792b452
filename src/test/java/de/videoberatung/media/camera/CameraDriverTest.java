package de.videoberatung.media.camera;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDriver;
import com.github.sarxos.webcam.WebcamException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The composite driver when the platform's camera driver throws (its native grabber cannot load, a
 * broken driver): the failure is kept for the user's message and the Testbild cameras stay usable.
 * Plain driver calls, without webcam-capture's process-wide discovery.
 */
class CameraDriverTest {

    /** A platform driver that fails while {@code broken} is set, and lists no cameras otherwise. */
    static final class FlakyPlatform implements WebcamDriver {
        final AtomicBoolean broken = new AtomicBoolean(true);

        @Override
        public List<WebcamDevice> getDevices() {
            if (broken.get()) {
                throw new WebcamException("Library 'OpenIMAJGrabber' was not loaded successfully");
            }
            return List.of();
        }

        @Override
        public boolean isThreadSafe() {
            return false;
        }
    }

    @Test
    void aThrowingPlatformDriverLeavesTheTestbildCamerasAndReportsTheFailure() {
        FlakyPlatform platform = new FlakyPlatform();
        CameraDriver driver = new CameraDriver(platform, TestbildDriver.withDefaultCamera(), 300);

        List<WebcamDevice> devices = driver.getDevices();

        assertThat(devices).extracting(WebcamDevice::getName).containsExactly(TestbildDriver.DEFAULT_NAME);
        assertThat(driver.platformFailure()).get().isInstanceOf(WebcamException.class);
    }

    @Test
    void theFailureIsClearedWhenThePlatformDriverRecovers() {
        FlakyPlatform platform = new FlakyPlatform();
        CameraDriver driver = new CameraDriver(platform, TestbildDriver.withDefaultCamera(), 300);
        driver.getDevices();

        platform.broken.set(false);

        assertThat(driver.getDevices()).hasSize(1);
        assertThat(driver.platformFailure()).isEmpty();
    }

    @Test
    void withoutAnyCameraTheListIsEmptyNotAnError() {
        FlakyPlatform platform = new FlakyPlatform();
        platform.broken.set(false);
        CameraDriver driver = new CameraDriver(platform, new TestbildDriver(), 300);
        assertThat(driver.getDevices()).isEmpty();
        assertThat(driver.platformFailure()).isEmpty();
    }
}
