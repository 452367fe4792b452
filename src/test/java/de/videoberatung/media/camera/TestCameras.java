package de.videoberatung.media.camera;

import com.github.sarxos.webcam.ds.buildin.WebcamDefaultDriver;
import java.time.Duration;

/**
 * The one camera set-up of the test JVM. webcam-capture keeps its driver in static state, so all
 * tests share one {@link CameraService}: the platform driver (real cameras, none on CI) plus the
 * Testbild driver with its default camera, scanning every 300 ms so hot-plug tests stay short.
 */
public final class TestCameras {

    public static final long SCAN_INTERVAL_MILLIS = 300;
    private static CameraService service;

    private TestCameras() {
    }

    public static synchronized CameraService service() {
        if (service == null) {
            CameraDriver driver = new CameraDriver(new WebcamDefaultDriver(), TestbildDriver.withDefaultCamera(),
                    SCAN_INTERVAL_MILLIS);
            service = CameraService.start(driver, Duration.ofSeconds(10));
        }
        return service;
    }

    public static TestbildDriver testbild() {
        return service().driver().testbild();
    }
}
