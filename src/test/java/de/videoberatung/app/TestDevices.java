package de.videoberatung.app;

import de.videoberatung.devices.DeviceServices;
import de.videoberatung.media.audio.AudioDeviceService;
import de.videoberatung.media.audio.AudioSystemAccess;
import de.videoberatung.media.audio.PropertiesDevicePreferences;
import de.videoberatung.media.camera.TestCameras;
import java.nio.file.Path;
import java.time.Duration;

/** The test JVM's device services for the app: the shared camera set-up and the private PulseAudio server. */
public final class TestDevices {

    private TestDevices() {
    }

    public static DeviceServices services(Path dataDir) {
        PropertiesDevicePreferences preferences = new PropertiesDevicePreferences(dataDir.resolve("devices.properties"));
        AudioDeviceService audio = AudioDeviceService.start(AudioSystemAccess.start(), preferences, Duration.ofSeconds(1));
        return new DeviceServices(TestCameras.service(), audio, preferences);
    }
}
