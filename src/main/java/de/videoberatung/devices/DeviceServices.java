package de.videoberatung.devices;

import de.videoberatung.media.audio.AudioDeviceService;
import de.videoberatung.media.audio.AudioSystemAccess;
import de.videoberatung.media.audio.DevicePreferences;
import de.videoberatung.media.audio.PropertiesDevicePreferences;
import de.videoberatung.media.camera.CameraDriver;
import de.videoberatung.media.camera.CameraService;
import de.videoberatung.media.camera.TestbildDriver;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The advisor's camera and headset services. webcam-capture and libjitsi keep their device state per
 * process, so these are created once per process and handed to the app's composition root.
 */
public record DeviceServices(CameraService cameras, AudioDeviceService audio, DevicePreferences preferences)
        implements AutoCloseable {

    /**
     * Starts the devices of this machine: its real cameras, and in demo mode the "Testbild" camera too;
     * the audio devices of the platform's audio system. Blocks (device discovery): never on the FX thread.
     *
     * @param preferencesFile where the advisor's device choice is remembered
     */
    public static DeviceServices startForThisMachine(boolean demo, Path preferencesFile) {
        TestbildDriver testbild = demo ? TestbildDriver.withDefaultCamera() : new TestbildDriver();
        CameraService cameras = CameraService.start(CameraDriver.withPlatformCameras(testbild), Duration.ofSeconds(10));
        DevicePreferences preferences = new PropertiesDevicePreferences(preferencesFile);
        AudioDeviceService audio = AudioDeviceService.start(AudioSystemAccess.start(), preferences, Duration.ofSeconds(1));
        return new DeviceServices(cameras, audio, preferences);
    }

    @Override
    public void close() {
        audio.close();
        cameras.close();
    }
}
