package de.videoberatung.teamlead;

import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.UserInfo;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.TestApps;
import de.videoberatung.app.VideoberatungApp;
import de.videoberatung.testsupport.ImportFiles;
import de.videoberatung.testsupport.PulseAudioServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The team lead books, moves and cancels for the advisors of the team in the real app (demo mode, Monocle
 * headless), with the keyboard where the team lead would use it: Ctrl+N with the advisor picked, F2 on a row to
 * move it (without the fields the team view does not have), Delete to cancel it; and an import for an advisor
 * with its rejected row shown. Each change reaches the advisor's own day on the server.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class TeamAppointmentUiIT {

    @TempDir
    Path dataDir;
    VideoberatungApp app;
    ApiClient anna;
    static final FxRobot robot = new FxRobot();

    @BeforeEach
    void startAppAsTeamLead(PulseAudioServer pulse) throws Exception {
        app = TestApps.launch(AppConfigs.demoAs(dataDir, "12:00", "demo.teamleitung"), dataDir);
        waitFor(START_SECONDS, () -> app.teamLead() != null && team().allRows().size() == 48);
        anna = new ApiClient(app.context().embeddedServer().baseUri());
        anna.login("demo.berater", "demo");
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        TestApps.stop(app);
    }

    TeamModel team() {
        return app.teamLead().team();
    }

    @Test
    void neuerTerminWithTheAdvisorPickedShowsInTheTeamListAndTheAdvisorsDay() throws Exception {
        robot.clickOn("#teamTable");
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitFor(10, () -> robot.lookup("#appointmentAdvisor").tryQuery().isPresent()
                && robot.lookup("#appointmentAdvisor").<ChoiceBox<UserInfo>>query().getValue() != null);
        robot.clickOn("#appointmentAdvisor");
        pick("Anna Becker");
        waitFor(5, () -> "Anna Becker".equals(robot.lookup("#appointmentAdvisor").<ChoiceBox<UserInfo>>query()
                .getValue().displayName()));
        robot.clickOn("#appointmentName").write("Olga Wolff");
        robot.clickOn("#appointmentNumber").write("123A456789");
        robot.clickOn("#appointmentEmail").write("olga.wolf@example.org");
        robot.clickOn("#appointmentTopic").write("Folgegespräch");
        robot.clickOn("#appointmentStart").write("21:40");
        robot.clickOn("#appointmentSave");
        waitFor(15, () -> team().allRows().stream().anyMatch(r -> r.appointment().customerName().equals("Olga Wolff")));
        waitFor(5, () -> robot.lookup("#appointmentName").tryQuery().isEmpty());
        Appointment made = annasDay().stream().filter(a -> a.customerName().equals("Olga Wolff")).findFirst()
                .orElseThrow();
        assertThat(made.topic()).isEqualTo("Folgegespräch");
        assertThat(made.customerEmail()).isEqualTo("olga.wolf@example.org");
        assertThat(team().allRows()).hasSize(49);
    }

    @Test
    void f2MovesTheSelectedRowAndDeleteCancelsIt() throws Exception {
        List<Appointment> open = annasDay().stream().filter(a -> a.status() == AppointmentStatus.SCHEDULED).toList();
        Appointment moving = open.get(open.size() - 1);
        Appointment cancelling = open.get(open.size() - 2);

        select(moving);
        robot.type(KeyCode.F2);
        waitFor(10, () -> robot.lookup("#appointmentStart").tryQuery().isPresent());
        // The team view has no contact, language or topic: the form leaves them out (and they stay).
        assertThat(robot.lookup("#appointmentEmail").tryQuery()).isEmpty();
        assertThat(robot.lookup("#appointmentTopic").tryQuery()).isEmpty();
        assertThat(robot.lookup("#appointmentAdvisor").query().isDisabled()).isTrue();
        robot.doubleClickOn("#appointmentStart").push(KeyCode.CONTROL, KeyCode.A).write("21:15");
        robot.clickOn("#appointmentSave");
        waitFor(15, () -> robot.lookup("#appointmentStart").tryQuery().isEmpty());
        Instant at = LocalDate.now(team().zone()).atTime(21, 15).atZone(team().zone()).toInstant();
        waitFor(10, () -> row(moving.id()).startsAt().equals(at));
        Appointment moved = annasDay().stream().filter(a -> a.id() == moving.id()).findFirst().orElseThrow();
        assertThat(moved.startsAt()).isEqualTo(at);
        assertThat(moved.topic()).isEqualTo(moving.topic());
        assertThat(moved.customerEmail()).isEqualTo(moving.customerEmail());

        select(cancelling);
        robot.type(KeyCode.DELETE);
        waitFor(10, () -> robot.lookup("#cancelReason").tryQuery().isPresent());
        ChoiceBox<CancelReason> reason = robot.lookup("#cancelReason").query();
        robot.interact(() -> reason.setValue(CancelReason.ADVISOR_UNAVAILABLE));
        robot.clickOn("#cancelConfirm");
        waitFor(10, () -> row(cancelling.id()).status() == AppointmentStatus.CANCELLED);
        assertThat(annasDay()).filteredOn(a -> a.id() == cancelling.id()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AppointmentStatus.CANCELLED);
            assertThat(a.cancelReason()).isEqualTo(CancelReason.ADVISOR_UNAVAILABLE);
        });
        // A cancelled row can be neither moved nor cancelled again.
        select(row(cancelling.id()));
        assertThat(robot.lookup("#teamEdit").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#teamCancel").query().isDisabled()).isTrue();
    }

    @Test
    void anImportForAnAdvisorAsksForWhomAndShowsTheRejectedRow() throws Exception {
        Path csv = ImportFiles.csvWithARejectedRow(dataDir, LocalDate.now(team().zone()));
        TeamDayView view = robot.lookup(".team-view").query();
        robot.interact(() -> view.openImport(csv));
        waitFor(10, () -> robot.lookup("#importAdvisor").tryQuery().isPresent()
                && robot.lookup("#importAdvisor").<ChoiceBox<UserInfo>>query().getValue() != null);
        assertThat(robot.lookup("#importSummary").<Label>query().getText()).startsWith("Für wen sind die Termine");
        robot.clickOn("#importAdvisor");
        pick("Leyla Demir");
        robot.clickOn("#importStart");
        waitFor(15, () -> !robot.lookup("#importRejected").<ListView<String>>query().getItems().isEmpty());
        assertThat(robot.lookup("#importRejected").<ListView<String>>query().getItems()).containsExactly(
                ImportFiles.REJECTED_ROW);
        assertThat(robot.lookup("#importSummary").<Label>query().getText()).startsWith("Leyla Demir: Nichts importiert");
        assertThat(robot.lookup("#importAdvisor").query().isDisabled()).as("the file went for Leyla").isTrue();
        robot.clickOn("#importValidOnly");
        waitFor(15, () -> robot.lookup("#importSummary").<Label>query().getText()
                .startsWith("Leyla Demir: 1 Termine angelegt"));
        waitFor(10, () -> team().allRows().stream().map(TeamRow::appointment)
                .anyMatch(a -> a.customerName().equals("Gut Eins") && a.advisorName().equals("Leyla Demir")));
    }

    /** Clicks {@code text} in the open choice's popup (the table behind it shows the same names). */
    private static void pick(String text) throws TimeoutException {
        waitFor(5, () -> robot.lookup(".context-menu .label").match((Labeled l) -> text.equals(l.getText()))
                .tryQuery().isPresent());
        robot.clickOn(robot.lookup(".context-menu .label").match((Labeled l) -> text.equals(l.getText()))
                .<Node>query());
    }

    private List<Appointment> annasDay() throws Exception {
        return anna.appointments(LocalDate.now(team().zone()));
    }

    /** Selects the row of {@code a} and gives the table the focus, as a click on it would. */
    private void select(Appointment a) {
        TableView<TeamRow> table = robot.lookup("#teamTable").queryTableView();
        robot.interact(() -> {
            TeamRow row = table.getItems().stream().filter(r -> r.appointment().id() == a.id()).findFirst()
                    .orElseThrow();
            table.getSelectionModel().select(row);
            table.scrollTo(row);
            table.requestFocus();
        });
    }

    private Appointment row(long id) {
        return team().allRows().stream().map(TeamRow::appointment).filter(a -> a.id() == id).findFirst()
                .orElseThrow();
    }
}
