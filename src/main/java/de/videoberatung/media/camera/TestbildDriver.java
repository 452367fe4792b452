package de.videoberatung.media.camera;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDiscoverySupport;
import com.github.sarxos.webcam.WebcamDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The synthetic "Testbild" cameras as a webcam-capture driver: the camera of the demo mode and of
 * machines without one. Cameras can be plugged in and pulled out at run time; the library's
 * discovery service reports that like any hot-plug.
 */
public final class TestbildDriver implements WebcamDriver, WebcamDiscoverySupport {

    /** The name of the camera plugged in by {@link #withDefaultCamera()}. */
    public static final String DEFAULT_NAME = "Testbild";
    /** The usual name of a camera plugged in by {@link #plugMoving(String)}. */
    public static final String MOVING_NAME = "Testbild (Bewegung)";

    private final List<TestbildDevice> devices = new CopyOnWriteArrayList<>();

    /** A driver with no camera plugged in. */
    public TestbildDriver() {
    }

    /** A driver with the one camera {@value #DEFAULT_NAME} plugged in. */
    public static TestbildDriver withDefaultCamera() {
        TestbildDriver driver = new TestbildDriver();
        driver.plug(DEFAULT_NAME);
        return driver;
    }

    /** Plugs in a synthetic camera showing the flat test pattern; names identify cameras, as in webcam-capture. */
    public void plug(String name) {
        plug(name, new TestPatternPainter(name));
    }

    /**
     * Plugs in a camera-like synthetic camera: texture, motion, fine print and sensor noise, so the video
     * encoder needs the bitrate a real webcam costs it (the flat pattern needs about 45 kbit/s).
     */
    public void plugMoving(String name) {
        plug(name, new CameraLikePainter(name));
    }

    private synchronized void plug(String name, FramePainter painter) {
        if (isPlugged(name)) {
            throw new IllegalArgumentException("a Testbild camera named " + name + " is already plugged in");
        }
        devices.add(new TestbildDevice(name, painter));
    }

    /** Pulls out a synthetic camera; an open one stops delivering frames at once. */
    public synchronized void unplug(String name) {
        for (TestbildDevice device : devices) {
            if (device.getName().equals(name)) {
                device.unplug();
                devices.remove(device);
                return;
            }
        }
        throw new IllegalArgumentException("no Testbild camera named " + name);
    }

    public boolean isPlugged(String name) {
        return devices.stream().anyMatch(d -> d.getName().equals(name));
    }

    static boolean isTestbild(WebcamDevice device) {
        return device instanceof TestbildDevice;
    }

    @Override
    public List<WebcamDevice> getDevices() {
        return new ArrayList<>(devices);
    }

    @Override
    public boolean isThreadSafe() {
        return true;
    }

    @Override
    public long getScanInterval() {
        return DEFAULT_SCAN_INTERVAL;
    }

    @Override
    public boolean isScanPossible() {
        return true;
    }

    @Override
    public String toString() {
        return "TestbildDriver" + devices;
    }
}
