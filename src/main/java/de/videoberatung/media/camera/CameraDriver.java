package de.videoberatung.media.camera;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDiscoverySupport;
import com.github.sarxos.webcam.WebcamDriver;
import com.github.sarxos.webcam.ds.buildin.WebcamDefaultDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver the app installs into webcam-capture: the real cameras of the platform driver followed
 * by the synthetic {@link TestbildDriver} cameras. Unlike the library's own composite driver, a
 * platform driver that fails (missing native library, broken enumeration) does not hide the
 * Testbild cameras; the failure is logged once and reported through {@link #platformFailure()}.
 */
public final class CameraDriver implements WebcamDriver, WebcamDiscoverySupport {

    private static final Logger LOG = LoggerFactory.getLogger(CameraDriver.class);

    private final WebcamDriver platform;
    private final TestbildDriver testbild;
    private final long scanIntervalMillis;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    private volatile Throwable platformFailure;

    /**
     * @param platform the real camera driver, or {@code null} for none (demo mode on machines
     *     where the native grabber must not be loaded)
     * @param testbild the synthetic cameras
     * @param scanIntervalMillis how often the library looks for plugged and unplugged cameras
     */
    public CameraDriver(WebcamDriver platform, TestbildDriver testbild, long scanIntervalMillis) {
        this.platform = platform;
        this.testbild = testbild;
        this.scanIntervalMillis = scanIntervalMillis;
    }

    /** The platform's default driver (DirectShow on Windows, V4L on Linux) plus the given Testbild driver. */
    public static CameraDriver withPlatformCameras(TestbildDriver testbild) {
        return new CameraDriver(new WebcamDefaultDriver(), testbild, 2000);
    }

    public TestbildDriver testbild() {
        return testbild;
    }

    /** Why the real cameras could not be listed the last time, if they could not. */
    public Optional<Throwable> platformFailure() {
        return Optional.ofNullable(platformFailure);
    }

    @Override
    public List<WebcamDevice> getDevices() {
        List<WebcamDevice> devices = new ArrayList<>();
        if (platform != null) {
            try {
                devices.addAll(platform.getDevices());
                platformFailure = null;
                failureLogged.set(false);
            } catch (RuntimeException | LinkageError e) {
                // The default driver throws WebcamException or UnsatisfiedLinkError when its native
                // grabber cannot load (e.g. libv4l missing); the Testbild cameras stay usable.
                platformFailure = e;
                if (failureLogged.compareAndSet(false, true)) {
                    LOG.warn("Platform camera driver failed to list cameras", e);
                }
            }
        }
        devices.addAll(testbild.getDevices());
        return devices;
    }

    @Override
    public boolean isThreadSafe() {
        return platform == null || platform.isThreadSafe();
    }

    @Override
    public long getScanInterval() {
        return scanIntervalMillis;
    }

    @Override
    public boolean isScanPossible() {
        return true;
    }
}
