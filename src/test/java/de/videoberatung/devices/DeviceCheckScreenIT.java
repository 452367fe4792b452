package de.videoberatung.devices;

import de.videoberatung.i18n.Messages;
import de.videoberatung.media.audio.AudioDevice;
import de.videoberatung.media.audio.AudioDeviceService;
import de.videoberatung.media.audio.AudioSystemAccess;
import de.videoberatung.media.audio.PropertiesDevicePreferences;
import de.videoberatung.media.camera.CameraService;
import de.videoberatung.media.camera.TestCameras;
import de.videoberatung.media.camera.TestbildDriver;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import static org.assertj.core.api.Assertions.assertThat;


@ExtendWith({PulseAudioServer.Extension.class, ApplicationExtension.class})
class DeviceCheckScreenIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final Messages messages = Messages.german();
    private final PulseAudioServer pulse;
    private final CameraService cameras = TestCameras.service();
    private AudioDeviceService audio;
    private DeviceCheckModel model;
    private DeviceStatusModel status;

    DeviceCheckScreenIT(PulseAudioServer pulse) {
        this.pulse = pulse;
    }

    @Start
    void start(Stage stage) throws Exception {
        Path appData = Files.createTempDirectory("device-check");
        PropertiesDevicePreferences preferences = new PropertiesDevicePreferences(appData.resolve("devices.properties"));
        audio = AudioDeviceService.start(AudioSystemAccess.start(), preferences, Duration.ofMillis(300));
        model = new DeviceCheckModel(cameras, audio, preferences, messages, Platform::runLater,
                Duration.ofSeconds(1));
        status = new DeviceStatusModel(cameras, audio, messages, Platform::runLater);
        stage.setScene(new Scene(new VBox(new DeviceCheckView(model, messages), new DeviceStatusView(status)), 900, 700));
        stage.show();
        model.start();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            model.stop();
            status.dispose();
        }).get(10, TimeUnit.SECONDS);
        audio.close();
        cameras.closeCamera().get(10, TimeUnit.SECONDS);
    }

    @Test
    void previewShowsChangingFrames(FxRobot robot) throws Exception {
        awaitText(robot, "#cameraVerdict", messages.get("devices.verdict.camera.testbild"));
        Node preview = robot.lookup("#cameraPreview").query();

        Image first = snapshot(preview);
        Poll.until("a different picture in the preview", WAIT, () -> differingPixels(first, snapshot(preview)) > 100);
        assertThat(text(robot, "#cameraStatus")).isEqualTo("Kamera: " + TestbildDriver.DEFAULT_NAME);
    }

    @Test
    void switchingTheCameraShowsTheOtherCamerasPictureAndThePluggingNotice(FxRobot robot) throws Exception {
        awaitText(robot, "#cameraVerdict", messages.get("devices.verdict.camera.testbild"));
        TestCameras.testbild().plug("Testbild Zwei");
        try {
            awaitText(robot, "#deviceNotice", "Kamera angeschlossen: Testbild Zwei");

            robot.clickOn("#cameraSelector");
            robot.clickOn("Testbild Zwei");

            Poll.until("the second camera open", WAIT,
                    () -> cameras.current().map(c -> c.name().equals("Testbild Zwei") && c.frameCount() > 0).orElse(false));
            awaitText(robot, "#cameraStatus", "Kamera: Testbild Zwei");
            awaitText(robot, "#cameraVerdict", messages.get("devices.verdict.camera.testbild"));
        } finally {
            TestCameras.testbild().unplug("Testbild Zwei");
        }
        awaitText(robot, "#deviceNotice", "Kamera Testbild Zwei entfernt – jetzt wird Testbild verwendet");
    }

    @Test
    void audioOnlySwitchesTheCameraOff(FxRobot robot) {
        awaitText(robot, "#cameraVerdict", messages.get("devices.verdict.camera.testbild"));

        robot.clickOn("#audioOnlyButton");

        awaitText(robot, "#cameraVerdict", messages.get("devices.verdict.camera.off"));
        awaitText(robot, "#cameraStatus", messages.get("devices.status.camera.off"));
        assertThat(robot.lookup("#cameraPreview").<ImageView>query().getImage()).isNull();
    }

    @Test
    void switchingTheMicrophoneMetersTheNewOneAndReportsSilence(FxRobot robot) {
        Poll.until("the tone microphone listed", WAIT, () -> listed(model.microphones(),
                PulseAudioServer.TONE_DESCRIPTION));
        robot.clickOn("#microphoneSelector");
        robot.clickOn(PulseAudioServer.TONE_DESCRIPTION);

        Poll.until("the tone on the level meter", WAIT, () -> model.microphoneLevelProperty().get() > 0.5);
        awaitText(robot, "#microphoneVerdict", "Mikrofon funktioniert");

        pulse.muteSource(PulseAudioServer.TONE_SOURCE, true);
        try {
            awaitText(robot, "#microphoneVerdict", "Mikrofon liefert kein Signal");
        } finally {
            pulse.muteSource(PulseAudioServer.TONE_SOURCE, false);
        }
        awaitText(robot, "#microphoneVerdict", "Mikrofon funktioniert");
    }

    @Test
    void loudspeakersGiveAnEchoWarningAndAPluggedHeadsetIsOffered(FxRobot robot) {
        Poll.until("the loudspeakers listed", WAIT, () -> listed(model.earphones(),
                PulseAudioServer.SINK_DESCRIPTION));
        robot.clickOn("#earphoneSelector");
        robot.clickOn(PulseAudioServer.SINK_DESCRIPTION);
        awaitText(robot, "#earphoneVerdict", messages.get("devices.verdict.earphone.loudspeaker"));
        robot.clickOn("#testSoundButton");

        int module = pulse.addSink("bt_headset", "Sennheiser Headset");
        try {
            // The advisor chose the loudspeakers, so the headset is offered rather than taken.
            awaitText(robot, "#deviceNotice",
                    "Headset angeschlossen: Sennheiser_Headset. Sie können es oben auswählen.");
            robot.clickOn("#earphoneSelector");
            robot.clickOn("Sennheiser_Headset");
            awaitText(robot, "#earphoneVerdict", "Headset in Betrieb: Sennheiser_Headset");
            awaitText(robot, "#headsetStatus", "Headset: Sennheiser_Headset");
        } finally {
            pulse.unloadModule(module);
        }
        Poll.until("a fallback notice", WAIT, () -> text(robot, "#deviceNotice").startsWith("Sennheiser_Headset entfernt – jetzt wird"));
        Poll.until("the verdict for the fallback device", WAIT,
                () -> !text(robot, "#earphoneVerdict").startsWith("Headset"));
    }

    private static void awaitText(FxRobot robot, String id, String expected) {
        Poll.until(id + " showing \"" + expected + "\" (shows \"" + text(robot, id) + "\")", WAIT,
                () -> expected.equals(text(robot, id)));
    }

    private static String text(FxRobot robot, String id) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(id).<Labeled>query().getText()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + id, e);
        }
    }

    private static Image snapshot(Node node) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> node.snapshot(null, null)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("snapshot failed", e);
        }
    }

    private static int differingPixels(Image a, Image b) {
        PixelReader ra = a.getPixelReader();
        PixelReader rb = b.getPixelReader();
        int count = 0;
        for (int y = 0; y < (int) Math.min(a.getHeight(), b.getHeight()); y += 4) {
            for (int x = 0; x < (int) Math.min(a.getWidth(), b.getWidth()); x += 4) {
                if (ra.getArgb(x, y) != rb.getArgb(x, y)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The device list is filled in the background; a click before it is there opens an empty popup. */
    private static boolean listed(List<AudioDevice> devices, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        return devices.stream().anyMatch(d -> d.name().equals(name));
    }
}
