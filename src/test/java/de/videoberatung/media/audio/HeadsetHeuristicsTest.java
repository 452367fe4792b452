package de.videoberatung.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.media.audio.AudioDevice.Direction;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HeadsetHeuristicsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "Jabra Evolve2 65|pulseaudio:alsa_output.usb-GN_Netcom_A_S_Jabra_EVOLVE_LINK-00.analog-stereo",
        "Poly Blackwire 3320|wasapi:{0.0.0.00000000}.{1234}",
        "Sennheiser SC 160 USB|pulseaudio:alsa_output.usb-Sennheiser_SC_160-00.analog-stereo",
        "EPOS ADAPT 360|pulseaudio:bluez_sink.00_16_94_00_00_01.a2dp_sink",
        "Kopfhörer (Realtek(R) Audio)|wasapi:{0.0.0.00000000}.{5678}",
        "Headset Microphone (Plantronics C720)|wasapi:{0.0.1.00000000}.{9abc}",
        "WH-1000XM4|pulseaudio:bluez_source.38_18_4C_00_00_02.handsfree_head_unit"
    })
    void recognisesHeadsets(String nameAndId) {
        String[] parts = nameAndId.split("\\|");
        assertThat(new AudioDevice(parts[1], parts[0], Direction.PLAYBACK, "").headset()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Lautsprecher (Realtek(R) Audio)|wasapi:{0.0.0.00000000}.{1111}",
        "HD Pro Webcam C920|pulseaudio:alsa_input.usb-046d_HD_Pro_Webcam_C920-02.analog-stereo",
        "Built-in Audio Analog Stereo|pulseaudio:alsa_output.pci-0000_00_1f.3.analog-stereo",
        "Default|pulseaudio:",
        "HDMI / DisplayPort 2|pulseaudio:alsa_output.pci-0000_01_00.1.hdmi-stereo"
    })
    void doesNotTakeLoudspeakersOrWebcamMicrophonesForHeadsets(String nameAndId) {
        String[] parts = nameAndId.split("\\|");
        assertThat(new AudioDevice(parts[1], parts[0], Direction.PLAYBACK, "").headset()).isFalse();
    }

    @Test
    void prefersTheHeadsetAndOtherwiseTheFirstDevice() {
        AudioDevice builtIn = new AudioDevice("pulseaudio:", "Default", Direction.CAPTURE, "");
        AudioDevice webcam = new AudioDevice("pulseaudio:alsa_input.usb-Webcam", "USB Webcam", Direction.CAPTURE, "");
        AudioDevice headset = new AudioDevice("pulseaudio:bluez_source.x", "Jabra Elite", Direction.CAPTURE, "Bluetooth");

        assertThat(HeadsetHeuristics.best(List.of(builtIn, webcam, headset))).contains(headset);
        assertThat(HeadsetHeuristics.best(List.of(builtIn, webcam))).contains(builtIn);
        assertThat(HeadsetHeuristics.best(List.of())).isEmpty();
    }
}
