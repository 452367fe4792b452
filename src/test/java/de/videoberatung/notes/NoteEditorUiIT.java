package de.videoberatung.notes;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.app.AppConfig;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.TestApps;
import de.videoberatung.app.VideoberatungApp;
import de.videoberatung.store.LocalNote;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The note editor in the real app (demo mode, Monocle headless): what is typed survives an instant close. */
@ExtendWith(PulseAudioServer.Extension.class)
class NoteEditorUiIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dataDir;
    static VideoberatungApp app;
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startApp(PulseAudioServer pulse) throws Exception {
        AppConfig config = AppConfigs.demo(dataDir, "07:00");
        app = TestApps.launch(config, dataDir);
        Poll.until("queue shown", WAIT, () -> app.advisor() != null
                && !app.advisor().queue().visibleAppointments().isEmpty());
    }

    @AfterAll
    static void stopApp() throws TimeoutException {
        TestApps.stop(app);
    }

    @Test
    void textTypedAndWindowClosedAtOnceIsThereAfterReopening() {
        TableView<Appointment> table = robot.lookup("#queueTable").queryTableView();
        Appointment appointment = table.getItems().get(0);
        robot.interact(() -> {
            table.requestFocus();
            table.getSelectionModel().select(0);
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.N).release(KeyCode.N, KeyCode.SHIFT, KeyCode.CONTROL);
        Stage window = noteWindow();
        Poll.until("editor loaded", WAIT, () -> textArea(window).isEditable());

        String typed = "Anliegen geklärt, Bewerbung bis Freitag.";
        robot.clickOn(textArea(window)).write(typed);
        assertThat(textArea(window).getText()).isEqualTo(typed);
        // Closed straight away: no debounce has fired yet, the close itself must save.
        robot.interact(window::close);

        Poll.until("saved in SQLite", WAIT, () -> app.context().notes()
                .forAppointment(userId(), appointment.id()).stream()
                .anyMatch(n -> n.content().text().equals(typed)));
        robot.interact(() -> app.advisor().noteWindows().open(appointment, null));
        Stage reopened = noteWindow();
        Poll.until("text shown again", WAIT, () -> typed.equals(textArea(reopened).getText()));
        // And it reaches the (embedded demo) server.
        Poll.until("synchronised", WAIT, () -> "synchronisiert".equals(stateLabel(reopened).getText()));
        Poll.until("appointment flagged", WAIT, () -> app.advisor().queue().visibleAppointments().stream()
                .anyMatch(a -> a.id() == appointment.id() && a.hasNote()));
        List<LocalNote> notes = app.context().notes().forAppointment(userId(), appointment.id());
        assertThat(notes).singleElement().satisfies(n -> assertThat(n.state()).isEqualTo(LocalNote.SyncState.SYNCED));
        robot.interact(reopened::close);
    }

    static long userId() {
        return app.advisor().queue().visibleAppointments().get(0).advisorId();
    }

    static Stage noteWindow() {
        return Poll.untilPresent("note window open", WAIT, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.isShowing()
                    && s.getScene().lookup("#noteText") != null).map(w -> (Stage) w).findFirst().orElse(null);
        });
    }

    static TextArea textArea(Stage window) {
        return (TextArea) window.getScene().lookup("#noteText");
    }

    static Label stateLabel(Stage window) {
        return (Label) window.getScene().lookup("#noteState");
    }
}
