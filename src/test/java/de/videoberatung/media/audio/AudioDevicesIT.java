package de.videoberatung.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PulseAudioServer.Extension.class)
class AudioDevicesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(300);

    private final PulseAudioServer pulse;
    private final AudioEventRecorder events = new AudioEventRecorder();
    @TempDir
    Path appData;
    private AudioSystemAccess access;
    private AudioDeviceService service;

    AudioDevicesIT(PulseAudioServer pulse) {
        this.pulse = pulse;
    }

    @BeforeEach
    void startService() {
        access = AudioSystemAccess.start();
        service = AudioDeviceService.start(access, new PropertiesDevicePreferences(appData.resolve("devices.properties")), POLL);
        service.addListener(events);
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void libjitsiListsTheDevicesOfTheAudioServer() {
        assertThat(service.available()).isTrue();
        assertThat(service.microphones()).extracting(AudioDevice::name).contains(PulseAudioServer.TONE_DESCRIPTION);
        assertThat(service.earphones()).extracting(AudioDevice::name).contains(PulseAudioServer.SINK_DESCRIPTION);
        assertThat(service.microphone()).isPresent();
        assertThat(service.earphone()).isPresent();
    }

    @Test
    void levelMeterShowsTheToneAndSilenceWhileTheSourceIsMuted() throws Exception {
        AudioDevice toneMic = microphone(PulseAudioServer.TONE_DESCRIPTION);
        try (MicrophoneLevelMeter meter = MicrophoneLevelMeter.open(access, toneMic, Duration.ofSeconds(1))) {
            Poll.until("the tone on the meter", WAIT, () -> meter.level() > 0.5);
            assertThat(meter.silent()).isFalse();

            pulse.muteSource(PulseAudioServer.TONE_SOURCE, true);
            try {
                Poll.until("silence on the meter", WAIT, () -> meter.level() == 0);
                Poll.until("the no-signal warning", WAIT, meter::silent);
            } finally {
                pulse.muteSource(PulseAudioServer.TONE_SOURCE, false);
            }
            Poll.until("the tone back on the meter", WAIT, () -> meter.level() > 0.5 && !meter.silent());
        }
    }

    @Test
    void headsetPluggedInWhileRunningIsTakenAndEndsTheEchoWarning() {
        assertThat(service.loudspeakerInUse()).as("no headset at start").isTrue();

        int module = pulse.addSink("usb_headset", "Jabra Evolve2 65 Headset");
        try {
            AudioEvent taken = events.await(AudioEvent.Kind.HEADSET_TAKEN,
                    e -> e.device().name().equals("Jabra_Evolve2_65_Headset"));
            assertThat(taken.device().direction()).isEqualTo(AudioDevice.Direction.PLAYBACK);
            assertThat(service.earphone()).contains(taken.device());
            assertThat(service.loudspeakerInUse()).isFalse();
        } finally {
            pulse.unloadModule(module);
        }
    }

    @Test
    void devicesAreNotReListedWhileACallHoldsThemAndAreFollowedAfterwards() throws Exception {
        AudioDeviceService.DeviceHold hold = service.holdDevices();
        int module = pulse.addSink("usb_speakerphone", "Poly Sync 20 Speakerphone");
        try {
            service.refreshNow().get(10, TimeUnit.SECONDS);
            assertThat(service.earphones()).extracting(AudioDevice::name)
                    .as("no re-initialisation of PulseAudio under open streams")
                    .doesNotContain("Poly_Sync_20_Speakerphone");

            hold.close();
            hold.close(); // closing twice must not release someone else's hold
            Poll.until("the new device listed once the call let go", WAIT, () -> service.earphones().stream()
                    .anyMatch(d -> d.name().equals("Poly_Sync_20_Speakerphone")));
        } finally {
            hold.close();
            pulse.unloadModule(module);
        }
    }

    @Test
    void unpluggingTheMicrophoneInUseFallsBackToAnotherOne() {
        int module = pulse.addToneSource("plantronics_mic", "Plantronics Blackwire Headset", 660);
        AudioEvent taken = events.await(AudioEvent.Kind.HEADSET_TAKEN,
                e -> e.device().name().equals("Plantronics_Blackwire_Headset"));
        assertThat(service.microphone()).contains(taken.device());

        pulse.unloadModule(module);

        AudioEvent lost = events.await(AudioEvent.Kind.IN_USE_LOST, e -> e.device().equals(taken.device()));
        assertThat(lost.replacement()).isNotNull();
        assertThat(service.microphone()).contains(lost.replacement());
        assertThat(service.microphones()).doesNotContain(taken.device());
    }

    @Test
    void theAdvisorsChoiceIsRememberedAcrossRestarts() throws Exception {
        AudioDevice toneMic = microphone(PulseAudioServer.TONE_DESCRIPTION);
        service.choose(toneMic).get(10, TimeUnit.SECONDS);
        assertThat(service.microphone()).contains(toneMic);

        DevicePreferences reloaded = new PropertiesDevicePreferences(appData.resolve("devices.properties"));
        try (AudioDeviceService restarted = AudioDeviceService.start(access, reloaded, POLL)) {
            assertThat(restarted.microphone()).contains(toneMic);
        }
    }

    @Test
    void testSoundIsPlayedOnTheChosenEarphones() throws Exception {
        AudioDevice loudspeaker = service.earphones().stream()
                .filter(d -> d.name().equals(PulseAudioServer.SINK_DESCRIPTION)).findFirst().orElseThrow();
        AudioDevice recorder = microphone(PulseAudioServer.RECORDER_DESCRIPTION.replace(' ', '_'));
        try (MicrophoneLevelMeter meter = MicrophoneLevelMeter.open(access, recorder, Duration.ofSeconds(1))) {
            Poll.until("the recorder running", WAIT, () -> meter.buffersRead() > 0);
            assertThat(meter.level()).as("nothing plays before the test sound").isZero();

            service.playTestSound(loudspeaker); // the product path: it holds the devices while it plays

            Poll.until("the test sound on the loudspeakers", WAIT, () -> meter.level() > 0.3);
        }
    }

    private AudioDevice microphone(String name) {
        return service.microphones().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no microphone " + name + " in " + service.microphones()));
    }
}
