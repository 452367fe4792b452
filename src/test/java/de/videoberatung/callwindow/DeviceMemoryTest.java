package de.videoberatung.callwindow;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.media.audio.PropertiesDevicePreferences;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceMemoryTest {

    @TempDir
    Path dir;

    @Test
    void theFirstCallHasNothingToCompareWith() {
        DeviceMemory memory = new DeviceMemory(new PropertiesDevicePreferences(dir.resolve("devices.properties")));
        assertThat(memory.changedSinceLastCall(new DeviceMemory.DeviceSet("Testbild", "mic", "phones"))).isFalse();
    }

    @Test
    void anotherHeadsetOrCameraAfterRestartCountsAsChanged() {
        Path file = dir.resolve("devices.properties");
        new DeviceMemory(new PropertiesDevicePreferences(file))
                .remember(new DeviceMemory.DeviceSet("Testbild", "pulseaudio:headset-mic", null));
        DeviceMemory afterRestart = new DeviceMemory(new PropertiesDevicePreferences(file));
        assertThat(afterRestart.changedSinceLastCall(
                new DeviceMemory.DeviceSet("Testbild", "pulseaudio:headset-mic", null))).isFalse();
        assertThat(afterRestart.changedSinceLastCall(
                new DeviceMemory.DeviceSet("Testbild", "pulseaudio:laptop-mic", null))).isTrue();
        assertThat(afterRestart.changedSinceLastCall(
                new DeviceMemory.DeviceSet("USB Webcam", "pulseaudio:headset-mic", null))).isTrue();
    }
}
