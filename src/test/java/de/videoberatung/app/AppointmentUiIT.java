package de.videoberatung.app;

import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.queue.QueueModel;
import de.videoberatung.queue.QueueView;
import de.videoberatung.testsupport.ImportFiles;
import de.videoberatung.testsupport.PulseAudioServer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * "Neuer Termin" and "Importieren…" in the real app (demo mode, Monocle headless): the form from Ctrl+N with a
 * German error from the server, the new row in the queue; an import whose rejected row is shown with where and why.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class AppointmentUiIT {

    @TempDir
    Path dataDir;
    VideoberatungApp app;
    static final FxRobot robot = new FxRobot();

    @BeforeEach
    void startApp(PulseAudioServer pulse) throws Exception {
        app = TestApps.launch(AppConfigs.demo(dataDir, "07:00"), dataDir);
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
    void neuerTerminFromTheQueueShowsTheServersErrorThenTheNewRow() throws Exception {
        robot.clickOn("#queueTable");
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitFor(10, () -> robot.lookup("#appointmentName").tryQuery().isPresent());
        robot.clickOn("#appointmentName").write("Olga Wolff");
        robot.clickOn("#appointmentNumber").write("123A456789");
        robot.clickOn("#appointmentEmail").write("olga@");
        robot.clickOn("#appointmentTopic").write("Folgegespräch");
        robot.clickOn("#appointmentStart").write("21:40");
        robot.clickOn("#appointmentSave");
        waitFor(10, () -> !robot.lookup("#error-customerEmail").queryLabeled().getText().isEmpty());
        assertThat(robot.lookup("#error-customerEmail").queryLabeled().getText())
                .isEqualTo("Das ist keine gültige E-Mail-Adresse.");

        robot.clickOn("#appointmentEmail").push(KeyCode.CONTROL, KeyCode.A).write("olga.wolf@example.org");
        robot.clickOn("#appointmentSave");
        waitFor(10, () -> queue().allAppointments().stream().anyMatch(a -> a.customerName().equals("Olga Wolff")));
        waitFor(5, () -> robot.lookup("#appointmentName").tryQuery().isEmpty());
        assertThat(queue().allAppointments()).hasSize(13);
    }

    @Test
    void anImportShowsTheRejectedRowWithWhereAndWhy() throws Exception {
        Path csv = ImportFiles.csvWithARejectedRow(dataDir, LocalDate.now(ZoneId.of("Europe/Berlin")));
        QueueView view = robot.lookup(".queue-view").query();
        robot.interact(() -> view.openImport(csv));
        waitFor(15, () -> robot.lookup("#importRejected").tryQuery().isPresent()
                && !robot.lookup("#importRejected").<ListView<String>>query().getItems().isEmpty());
        ListView<String> rejected = robot.lookup("#importRejected").query();
        assertThat(rejected.getItems()).containsExactly(
                ImportFiles.REJECTED_ROW);
        assertThat(robot.lookup("#importSummary").<Label>query().getText()).startsWith("Nichts importiert");
        robot.clickOn("#importValidOnly");
        waitFor(15, () -> robot.lookup("#importSummary").<Label>query().getText().startsWith("1 Termine angelegt"));
        waitFor(10, () -> queue().allAppointments().stream().anyMatch(a -> a.customerName().equals("Gut Eins")));
    }
}
