package de.videoberatung.callwindow;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.app.AppConfig;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.TestApps;
import de.videoberatung.app.VideoberatungApp;
import de.videoberatung.call.CallPhase;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Screenshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static de.videoberatung.app.TestApps.waitUntilShown;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The advisor's whole consultation in the real app (demo mode, Monocle): the customer joins with headless
 * Chromium (fake camera and microphone) through the real join page, the queue shows them waiting, the call
 * starts from the queue, the window shows the customer's moving picture, and hanging up leads through the
 * outcome step back to the queue with the appointment done and its duration.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class CallWindowUiIT {

    @TempDir
    static Path dataDir;
    static VideoberatungApp app;
    static HeadlessChromium chromium;
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startAppAndBrowser(PulseAudioServer pulse) throws Exception {
        pulse.run("set-default-source", PulseAudioServer.TONE_SOURCE);
        pulse.run("set-default-sink", PulseAudioServer.SINK);
        AppConfig config = AppConfigs.demo(dataDir, "07:00");
        app = TestApps.launch(config, dataDir);
        waitFor(START_SECONDS, () -> app.advisor() != null && !queue().visibleAppointments().isEmpty());
        chromium = HeadlessChromium.start(Map.of("PULSE_SERVER", System.getenv("PULSE_SERVER")));
    }

    @AfterAll
    static void stopAppAndBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        TestApps.stop(app);
    }

    @Test
    void callFromTheQueueShowsTheCustomerAndEndsDoneWithADuration() throws Exception {
        Appointment a = scheduledVideoAppointment(0);
        customerEntersWaitingRoom(a);
        waitFor(10, () -> status(a) == AppointmentStatus.CUSTOMER_WAITING);
        waitUntilShown(5, () -> visibleTexts(), "Wartet", "Gespräch starten");
        Screenshots.save(robot.lookup("#queueTable").query().getScene(), "queue-customer-waiting");

        // The last call used another camera: the Geräte-Check is offered first.
        DeviceServices devices = app.context().devices().join();
        devices.preferences().put(DeviceMemory.LAST_CAMERA, "Kamera vom letzten Mal");
        robot.clickOn(startButtonOf(a));
        waitFor(10, () -> dialogButton("Geräte-Check").isPresent());
        robot.clickOn(dialogButton("Geräte-Check").orElseThrow());
        waitFor(10, () -> window("Geräte-Check").isPresent());
        Stage deviceCheck = window("Geräte-Check").orElseThrow();
        waitFor(15, () -> robot.from(deviceCheck.getScene().getRoot()).lookup(".image-view").tryQuery().isPresent());
        Screenshots.save(deviceCheck.getScene(), "device-check");
        robot.interact(deviceCheck::close);

        CallWindow window = awaitWindow(a);
        waitFor(30, () -> window.model().phaseProperty().get() == CallPhase.CONNECTED
                && window.remoteVideo().hasPicture());
        // The queue hears of IN_CALL through the event stream, on its own way to the FX thread.
        waitFor(10, () -> status(a) == AppointmentStatus.IN_CALL);
        // On a starved machine the media can stall for a moment ("Verbindung unterbrochen"): it comes back.
        waitFor(15, () -> text(window, "#callState").equals("Im Gespräch"));
        assertThat(window.model().reminderProperty().get()).as("reminder to introduce everyone").isTrue();

        int[] first = pixels(window.remoteVideo());
        assertThat(meanBrightness(first)).as("the customer's picture is not black").isGreaterThan(20);
        long drawn = window.remoteVideo().framesDrawn();
        waitFor(10, () -> window.remoteVideo().framesDrawn() > drawn + 20);
        int[] later = pixels(window.remoteVideo());
        assertThat(Arrays.equals(first, later)).as("the customer's picture moves").isFalse();
        waitFor(10, () -> window.model().qualityProperty().get() != CallQuality.UNKNOWN);
        // The round trip and the resolution received, whatever size the browser sends at the moment (Chromium
        // starts lower and scales up as its estimate grows, and scales down when its machine is busy).
        assertThat(window.model().qualityDetailsProperty().get()).contains("ms").containsPattern("\\d+×\\d+");
        assertThat(devices.preferences().get(DeviceMemory.LAST_CAMERA)).contains("Testbild");

        // Keyboard: Ctrl+M mutes and unmutes, Ctrl+K switches the camera off and on.
        robot.interact(() -> window.stage().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.M).release(KeyCode.M, KeyCode.CONTROL);
        waitFor(5, () -> window.model().mutedProperty().get());
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(5, () -> !window.model().cameraOnProperty().get());
        Screenshots.save(window.stage().getScene(), "call-window-muted");
        robot.press(KeyCode.CONTROL, KeyCode.M).release(KeyCode.M, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
        waitFor(5, () -> !window.model().mutedProperty().get() && window.model().cameraOnProperty().get());
        robot.interact(() -> window.model().dismissReminder());

        // Notes typed during the call, beside the picture.
        TextArea noteText = (TextArea) robot.from(
                window.stage().getScene().getRoot()).lookup("#noteText").query();
        waitFor(10, noteText::isEditable);
        String typed = "Kunde sucht Teilzeit im Lager.";
        robot.clickOn(noteText).write(typed);
        Screenshots.save(window.stage().getScene(), "call-window");
        // Readable at 150 % scaling: every size in the window's stylesheet is relative to the root font.
        robot.interact(() -> window.stage().getScene().getRoot().setStyle("-fx-font-size: 21px;"));
        Screenshots.save(window.stage().getScene(), "call-window-150");
        robot.interact(() -> window.stage().getScene().getRoot().setStyle(null));

        // Ctrl+E asks first; "Weiter sprechen" keeps the call.
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        waitFor(5, () -> dialogButton("Weiter sprechen").isPresent());
        robot.clickOn(dialogButton("Weiter sprechen").orElseThrow());
        assertThat(window.model().endProperty().get()).isNull();
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        waitFor(5, () -> dialogButton("Auflegen").isPresent());
        robot.clickOn(dialogButton("Auflegen").orElseThrow());

        waitFor(10, () -> robot.lookup("#outcomeStep").tryQuery().isPresent());
        robot.clickOn("#outcome").write("Bewerbung bei Firma Muster besprochen");
        robot.clickOn("#nextSteps").write("Lebenslauf bis Freitag schicken");
        Screenshots.save(window.stage().getScene(), "call-outcome");
        robot.clickOn("#finishCall");

        waitFor(10, () -> !window.stage().isShowing());
        waitFor(10, () -> status(a) == AppointmentStatus.COMPLETED && appointment(a).durationSeconds() != null);
        assertThat(appointment(a).durationSeconds()).isGreaterThanOrEqualTo(1);
        waitFor(5, () -> visibleTexts().stream().anyMatch(t -> t.matches("Dauer \\d+:\\d\\d")));
        waitUntilShown(5, () -> visibleTexts(), "Erledigt");
        // The customer's page hears of the hang-up through its own event stream.
        awaitPage("ended");

        // The note holds what was typed and the outcome step, in SQLite and, after sync, on the server.
        long userId = a.advisorId();
        waitFor(10, () -> app.context().notes().forAppointment(userId, a.id()).stream().anyMatch(n ->
                n.content().text().equals(typed)
                        && n.content().outcome().contains("Bewerbung bei Firma Muster besprochen")
                        && n.content().agreements().contains("Lebenslauf bis Freitag schicken")));
        waitFor(20, () -> app.context().api().pullNotes(0, 1000).notes().stream().anyMatch(n ->
                n.appointmentId() == a.id() && n.content().text().equals(typed)
                        && n.content().outcome().contains("Firma Muster")));
    }

    @Test
    void customerLeavingMidCallIsShownPlainly() throws Exception {
        Appointment a = scheduledVideoAppointment(0);
        customerEntersWaitingRoom(a);
        waitFor(10, () -> status(a) == AppointmentStatus.CUSTOMER_WAITING);

        // Enter on the selected row starts the call. The devices are the last call's, or this is the first
        // call, so no Geräte-Check is offered (whichever test runs first).
        TableView<Appointment> table = robot.lookup("#queueTable").queryTableView();
        robot.interact(() -> {
            table.requestFocus();
            table.getSelectionModel().select(appointment(a));
        });
        robot.type(KeyCode.ENTER);
        CallWindow window = awaitWindow(a);
        waitFor(30, () -> window.model().phaseProperty().get() == CallPhase.CONNECTED);

        chromium.driver().get("about:blank");

        waitFor(10, () -> window.model().phaseProperty().get() == CallPhase.CUSTOMER_AWAY);
        assertThat(text(window, "#callState")).isEqualTo("Die Kundin / der Kunde hat das Gespräch verlassen");
        assertThat(text(window, "#callStateHint")).contains("denselben Link");
        assertThat(robot.from(window.stage().getScene().getRoot()).lookup("#callStateBanner").query().isVisible())
                .isTrue();
        Screenshots.save(window.stage().getScene(), "call-window-customer-left");

        robot.clickOn("#hangUp");
        waitFor(5, () -> dialogButton("Auflegen").isPresent());
        robot.clickOn(dialogButton("Auflegen").orElseThrow());
        waitFor(10, () -> robot.lookup("#outcomeStep").tryQuery().isPresent());
        robot.clickOn("#finishCall");
        waitFor(10, () -> status(a) == AppointmentStatus.COMPLETED);
    }

    // --- the customer ------------------------------------------------------------------------------

    private static void customerEntersWaitingRoom(Appointment a) throws Exception {
        ChromeDriver d = chromium.driver();
        d.get(a.joinUrl());
        awaitPage("info");
        d.findElement(By.id("consent")).click();
        awaitPage("check");
        waitFor(20, () -> "ok".equals(d.findElement(By.id("check-camera")).getAttribute("data-result"))
                && "ok".equals(d.findElement(By.id("check-microphone")).getAttribute("data-result")));
        d.findElement(By.id("play-tone")).click();
        d.findElement(By.id("tone-heard")).click();
        waitFor(10, () -> d.findElement(By.id("to-waiting")).isEnabled());
        d.findElement(By.id("to-waiting")).click();
        awaitPage("waiting");
    }

    private static void awaitPage(String state) throws TimeoutException {
        waitFor(20, () -> state.equals(chromium.driver().findElement(By.tagName("body")).getAttribute("data-state")));
    }

    // --- the app -----------------------------------------------------------------------------------

    static QueueModel queue() {
        return app.advisor().queue();
    }

    private static Appointment scheduledVideoAppointment(int index) {
        return queue().allAppointments().stream()
                .filter(x -> x.channel() == Channel.VIDEO && x.status() == AppointmentStatus.SCHEDULED)
                .skip(index).findFirst().orElseThrow();
    }

    private static Appointment appointment(Appointment a) {
        return queue().allAppointments().stream().filter(x -> x.id() == a.id()).findFirst().orElseThrow();
    }

    private static AppointmentStatus status(Appointment a) {
        return appointment(a).status();
    }

    private static Node startButtonOf(Appointment a) throws TimeoutException {
        waitFor(5, () -> robot.lookup(".start-call").queryAll().stream().anyMatch(Node::isVisible));
        return robot.lookup(".start-call").queryAll().stream().filter(Node::isVisible).findFirst().orElseThrow();
    }

    private static CallWindow awaitWindow(Appointment a) throws TimeoutException {
        waitFor(20, () -> app.advisor().callWindows().window(a.id()).isPresent());
        return app.advisor().callWindows().window(a.id()).orElseThrow();
    }

    private static String text(CallWindow window, String id) {
        return ((Labeled) robot.from(window.stage().getScene().getRoot()).lookup(id).query()).getText();
    }

    private static Optional<Node> dialogButton(String text) {
        return robot.lookup(".dialog-pane").queryAll().stream()
                .filter(p -> p instanceof DialogPane && p.getScene() != null && p.getScene().getWindow().isShowing())
                .flatMap(p -> robot.from(p).lookup(".button").queryAll().stream())
                .filter(b -> b instanceof Button button && text.equals(button.getText()))
                .findFirst();
    }

    private static Optional<Stage> window(String title) {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && title.equals(s.getTitle())
                && s.isShowing()).map(w -> (Stage) w).findFirst();
    }

    /** What the video node shows right now, as drawn by JavaFX. */
    private static int[] pixels(Node node) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> node.snapshot(null, null)).get(10, TimeUnit.SECONDS);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return argb;
    }

    private static double meanBrightness(int[] argb) {
        long sum = 0;
        for (int p : argb) {
            sum += ((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff);
        }
        return sum / (3.0 * argb.length);
    }

    private static List<String> visibleTexts() {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> texts = new ArrayList<>();
        robot.lookup("#queueTable").queryAll().forEach(table -> {
            robot.from(table).lookup(".table-cell").queryAll().stream().filter(Node::isVisible)
                    .map(n -> ((Labeled) n).getText()).forEach(texts::add);
            robot.from(table).lookup(".label").queryAll().stream().filter(Node::isVisible)
                    .map(n -> ((Labeled) n).getText()).forEach(texts::add);
            robot.from(table).lookup(".button").queryAll().stream().filter(Node::isVisible)
                    .map(n -> ((Labeled) n).getText()).forEach(texts::add);
        });
        texts.removeIf(t -> t == null || t.isEmpty());
        return texts;
    }

}
