package de.videoberatung.app;

import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static de.videoberatung.app.TestApps.waitUntilShown;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.testsupport.CustomerPage;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Screenshots;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DateCell;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app started in demo mode in a real JavaFX scene (Monocle headless): the queue fills with the demo
 * day, reacts live to a customer joining, and survives the server going away and coming back. Every test
 * starts its own app on fresh data, so the tests pass in any order.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class QueueUiIT {

    @TempDir
    Path dataDir;
    VideoberatungApp app;
    static final FxRobot robot = new FxRobot();

    @BeforeEach
    void startApp(PulseAudioServer pulse) throws Exception {
        // Demo day prepared as if it were 07:00, so every appointment is still open.
        AppConfig config = AppConfigs.demo(dataDir, "07:00");
        app = TestApps.launch(config, dataDir);
        waitFor(START_SECONDS, () -> app.advisor() != null && !queue().visibleAppointments().isEmpty());
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        TestApps.stop(app);
    }

    QueueModel queue() {
        return app.advisor().queue();
    }

    @Test
    void showsTheDemoDayInTheQueue() throws TimeoutException {
        TableView<Appointment> table = robot.lookup("#queueTable").queryTableView();
        Screenshots.save(table.getScene(), "queue");
        assertThat(table.getItems()).hasSize(12);
        assertThat(table.getItems()).extracting(Appointment::startsAt).isSorted();
        assertThat(table.getItems()).allSatisfy(a -> assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED));
        assertThat(robot.lookup("#demoBanner").queryLabeled().getText()).startsWith("Demo-Modus");
        assertThat(robot.lookup("#queueSummary").queryLabeled().getText()).isEqualTo("12 Termine, davon 0 wartend");
        waitUntilShown(5, () -> visibleTexts(), "Geplant", "Video", "Telefon", "Vor Ort");
        // The device status shows what is ready, without switching the camera on.
        waitFor(15, () -> robot.lookup("#cameraStatus").tryQuery().isPresent()
                && robot.lookup("#cameraStatus").queryLabeled().getText().contains("bereit"));
        assertThat(robot.lookup("#headsetStatus").queryLabeled().getText()).isNotBlank();
    }

    @Test
    void customerJoiningShowsWaitingSinceWithoutRefresh() throws Exception {
        Appointment video = queue().visibleAppointments().stream()
                .filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
        // The page stays open for the rest of the test (the customer waits while it is).
        CustomerPage.open(video);

        waitFor(5, () -> visibleTexts().stream().anyMatch(t -> t.matches("wartet seit 0:0\\d")));
        assertThat(robot.lookup("#queueSummary").queryLabeled().getText()).isEqualTo("12 Termine, davon 1 wartend");
        waitUntilShown(5, () -> visibleTexts(), "Wartet");
    }

    @Test
    void searchFiltersTheRows() throws Exception {
        Appointment any = queue().allAppointments().get(3);
        robot.clickOn("#search").write(any.customerNumber());
        waitFor(10, () -> queue().visibleAppointments().size() == 1);
        assertThat(queue().visibleAppointments().get(0).id()).isEqualTo(any.id());
        robot.interact(() -> queue().searchProperty().set("kein Treffer xyz"));
        assertThat(queue().visibleAppointments()).isEmpty();
        assertThat(robot.lookup(".placeholder .label").queryLabeled().getText())
                .isEqualTo("Kein Termin passt zur Suche.");
        robot.interact(() -> queue().searchProperty().set(""));
        assertThat(queue().visibleAppointments()).hasSize(12);
    }

    @Test
    void datePickerMarksTheServersTodayNotTheMachines() throws Exception {
        LocalDate today = queue().todaysDate();
        // A machine zone whose date differs from the server's day right now (one of the two always does).
        ZoneId machine = Stream.of("Pacific/Pago_Pago", "Pacific/Kiritimati").map(ZoneId::of)
                .filter(z -> !LocalDate.now(z).equals(today)).findFirst().orElseThrow();
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(machine));
        DatePicker picker = robot.lookup("#datePicker").query();
        try {
            robot.interact(picker::show);
            waitFor(5, () -> !robot.lookup(".day-cell").queryAll().isEmpty());
            assertThat(robot.lookup(".day-cell.today").queryAllAs(DateCell.class)).extracting(DateCell::getItem)
                    .containsExactly(today);
        } finally {
            robot.interact(picker::hide);
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void noShowNeedsAReasonAndShowsIt() throws Exception {
        Appointment open = lastScheduled(Channel.PHONE);
        openRowMenu(open);
        robot.clickOn("Nicht wahrgenommen…");
        waitFor(5, () -> robot.lookup("#noShow-OUR_TECHNICAL").tryQuery().isPresent());
        Button ok = robot.lookup(".dialog-pane .button").match(
                (Button b) -> "OK".equals(b.getText())).query();
        assertThat(ok.isDisabled()).as("no reason chosen yet").isTrue();
        robot.clickOn("#noShow-OUR_TECHNICAL");
        robot.clickOn(ok);
        waitFor(5, () -> statusOf(open) == AppointmentStatus.NO_SHOW);
        waitUntilShown(5, () -> visibleTexts(), "Nicht wahrgenommen", "Technisches Problem bei uns");
    }

    @Test
    void cancellingAsksFirstAndKeepingChangesNothing() throws Exception {
        Appointment open = lastScheduled(Channel.ON_SITE);
        openRowMenu(open);
        robot.clickOn("Absagen…");
        robot.clickOn("Termin behalten");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(statusOf(open)).isEqualTo(AppointmentStatus.SCHEDULED);

        openRowMenu(open);
        robot.clickOn("Absagen…");
        robot.clickOn("Termin absagen");
        waitFor(5, () -> statusOf(open) == AppointmentStatus.CANCELLED);
        waitUntilShown(5, () -> visibleTexts(), "Abgesagt");
    }

    /** Opens the "more actions" menu in the row of {@code a}, once the table has laid that row out. */
    private void openRowMenu(Appointment a) throws TimeoutException {
        TableView<Appointment> table = robot.lookup("#queueTable").queryTableView();
        robot.interact(() -> table.scrollTo(a));
        waitFor(10, () -> rowOf(a).isPresent());
        robot.clickOn(rowOf(a).orElseThrow().lookup(".menu-button"));
    }

    private static Optional<TableRow<?>> rowOf(Appointment a) {
        return robot.lookup(".table-row-cell").match(
                (TableRow<?> r) -> r.getItem() instanceof Appointment item && item.id() == a.id())
                .tryQuery();
    }

    private Appointment lastScheduled(Channel channel) {
        return queue().visibleAppointments().stream()
                .filter(a -> a.channel() == channel && a.status() == AppointmentStatus.SCHEDULED)
                .reduce((a, b) -> b).orElseThrow();
    }

    private AppointmentStatus statusOf(Appointment a) {
        return queue().allAppointments().stream().filter(x -> x.id() == a.id()).findFirst().orElseThrow().status();
    }

    @Test
    void offlineBannerWhileServerIsDownAndGoneWhenItIsBack() throws Exception {
        assertThat(robot.lookup("#offlineBanner").query().isVisible()).isFalse();
        app.context().embeddedServer().stop();

        waitFor(5, () -> robot.lookup("#offlineBanner").query().isVisible());
        assertThat(robot.lookup("#offlineBanner").queryLabeled().getText()).startsWith("Offline seit");
        // The queue stays on screen.
        assertThat(queue().visibleAppointments()).hasSize(12);

        // An action that needs the server is refused plainly, and nothing changes.
        Appointment open = lastScheduled(Channel.VIDEO);
        robot.interact(() -> queue().markNoShow(open, NoShowReason.CUSTOMER_ABSENT));
        waitFor(5, () -> robot.lookup(".notification-bar .label").tryQuery()
                .map(n -> ((Label) n).getText()).filter(t -> t.startsWith("Sie sind offline")).isPresent());
        assertThat(statusOf(open)).isEqualTo(AppointmentStatus.SCHEDULED);

        // Another day while offline comes from the cache, which has nothing for it.
        robot.interact(() -> queue().nextDay());
        waitFor(5, () -> !queue().loadingProperty().get());
        assertThat(queue().visibleAppointments()).isEmpty();
        robot.interact(() -> queue().today());
        waitFor(5, () -> queue().visibleAppointments().size() == 12);
        assertThat(queue().fromCacheProperty().get()).isTrue();

        app.context().embeddedServer().start();
        waitFor(20, () -> !robot.lookup("#offlineBanner").query().isVisible());
        waitFor(5, () -> !queue().fromCacheProperty().get());
    }

    @Test
    void dayNavigationShowsAnEmptyDay() throws Exception {
        robot.clickOn("#nextDay");
        waitFor(5, () -> !queue().loadingProperty().get() && queue().visibleAppointments().isEmpty());
        assertThat(robot.lookup(".placeholder .label").queryLabeled().getText())
                .isEqualTo("An diesem Tag sind keine Termine eingetragen.");
        robot.clickOn("#today");
        waitFor(5, () -> queue().visibleAppointments().size() == 12);
    }

    /** Every text the table shows right now: plain cell texts and the labels inside cells. */
    private static List<String> visibleTexts() {
        // Rows are laid out on the next pulse after the items change.
        WaitForAsyncUtils.waitForFxEvents();
        List<String> texts = new ArrayList<>();
        robot.lookup(".table-cell").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((Labeled) n).getText()).forEach(texts::add);
        robot.lookup(".table-cell .label").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((Label) n).getText()).forEach(texts::add);
        texts.removeIf(t -> t == null || t.isEmpty());
        return texts;
    }

}
