package de.videoberatung.app;

import de.videoberatung.testsupport.ImportFiles;
import de.videoberatung.testsupport.TestServers;
import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static de.videoberatung.app.TestApps.waitForSignInForm;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Role;
import de.videoberatung.api.Team;
import de.videoberatung.api.UserInfo;
import de.videoberatung.admin.AdminView;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Screenshots;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The admin's "Verwaltung" in the real app against a real server without demo data: the first admin made by the
 * command line signs in, adds a user with the keyboard and disables another, whose session ends; imports a CSV
 * for the selected advisor and sees the rejected row.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class AdminUiIT {

    static final String PASSWORD = "ein langes Passwort";

    @TempDir
    static Path dir;
    static ConsultationServer server;
    static VideoberatungApp app;
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start(PulseAudioServer pulse) throws Exception {
        Path data = dir.resolve("server");
        AdminCli.firstAdmin(data, "Team Nord", "it.admin", PASSWORD);
        AdminCli.ok(data, PASSWORD + "\n", "add-user", "b.alt", "--name", "Berta Alt", "--role", "ADVISOR",
                "--team", "Team Nord");
        AdminCli.ok(data, PASSWORD + "\n", "add-user", "d.import", "--name", "Dora Import", "--role", "ADVISOR",
                "--team", "Team Nord");
        server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).build()).start();
        Path appData = dir.resolve("app");
        app = TestApps.launch(AppConfigs.server(appData, server.baseUri()), appData);
        waitForSignInForm(START_SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        TestApps.stop(app);
        server.close();
    }

    @Test
    void theAdminAddsAUserWithTheKeyboardAndDisablesAnother() throws Exception {
        // Berta is signed in elsewhere: disabling her must end that session.
        ApiClient berta = new ApiClient(server.baseUri());
        berta.login("b.alt", PASSWORD);

        signInAsAdmin();
        assertThat(robot.lookup("#adminUsers").tryQuery()).isPresent();
        assertThat(robot.lookup("Verwaltung").tryQuery()).isPresent();

        // Alt+A: "Benutzer _anlegen"; the focus goes to the user name, Tab walks the form.
        robot.press(KeyCode.ALT, KeyCode.A).release(KeyCode.A, KeyCode.ALT);
        waitFor(10, () -> robot.lookup("#userForm").query().isVisible()
                && robot.lookup("#newUsername").query().isFocused());
        robot.write("c.neu");
        robot.type(KeyCode.TAB).write("Clara Neu");
        ComboBox<Role> role = robot.lookup("#newRole").query();
        robot.interact(() -> role.setValue(Role.TEAM_LEAD));
        robot.clickOn("#newPassword").write(PASSWORD);
        robot.type(KeyCode.ENTER);
        waitFor(30, () -> users().stream().anyMatch(u -> u.username().equals("c.neu")));
        waitFor(10, () -> !robot.lookup("#userForm").query().isVisible());
        assertThat(users()).filteredOn(u -> u.username().equals("c.neu")).singleElement().satisfies(u -> {
            assertThat(u.role()).isEqualTo(Role.TEAM_LEAD);
            assertThat(u.teamName()).isEqualTo("Team Nord");
        });
        assertThat(robot.lookup("#adminNotice").queryLabeled().getText()).isEqualTo("Benutzer c.neu wurde angelegt.");
        assertThat(new ApiClient(server.baseUri()).login("c.neu", PASSWORD).user().role()).isEqualTo(Role.TEAM_LEAD);

        // Escape closes an open form without sending it.
        robot.clickOn("#addUser");
        waitFor(10, () -> robot.lookup("#userForm").query().isVisible());
        robot.write("verworfen");
        robot.type(KeyCode.ESCAPE);
        waitFor(10, () -> !robot.lookup("#userForm").query().isVisible());

        robot.clickOn("Berta Alt");
        robot.clickOn("#disableUser");
        waitFor(30, () -> users().stream().anyMatch(u -> u.username().equals("b.alt") && u.disabled()));
        waitFor(10, () -> robot.lookup("gesperrt").tryQuery().isPresent());
        // Still selected after the reload: "Entsperren" is at hand, "Sperren" is not.
        waitFor(10, () -> !robot.lookup("#enableUser").query().isDisabled()
                && robot.lookup("#disableUser").query().isDisabled());
        ComboBox<Team> team = robot.lookup("#userTeam").query();
        assertThat(team.getValue()).extracting(Team::name).isEqualTo("Team Nord");
        Screenshots.save(robot.lookup("#adminUsers").query().getScene(), "admin");
        assertThat(users()).extracting(AdminUser::username).doesNotContain("verworfen");
        try {
            berta.appointments(LocalDate.now());
            throw new AssertionError("the disabled user's session still works");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(401);
        }
    }

    @Test
    void theAdminImportsForTheSelectedAdvisorAndSeesTheRejectedRow() throws Exception {
        signInAsAdmin();
        Path csv = ImportFiles.csvWithARejectedRow(dir, LocalDate.now(ZoneId.of("Europe/Berlin")));
        robot.clickOn("Dora Import");
        AdminView view = robot.lookup(".admin-view").query();
        robot.interact(() -> view.openImport(csv));
        waitFor(10, () -> robot.lookup("#importAdvisor").tryQuery().isPresent());
        ChoiceBox<UserInfo> advisor = robot.lookup("#importAdvisor").query();
        waitFor(10, () -> advisor.getValue() != null);
        assertThat(advisor.getValue().username()).as("the selected user").isEqualTo("d.import");
        robot.clickOn("#importStart");
        waitFor(15, () -> !robot.lookup("#importRejected").<ListView<String>>query().getItems().isEmpty());
        assertThat(robot.lookup("#importRejected").<ListView<String>>query().getItems()).containsExactly(
                ImportFiles.REJECTED_ROW);
        assertThat(robot.lookup("#importSummary").<Label>query().getText()).startsWith("Dora Import: Nichts importiert");
        robot.clickOn("#importValidOnly");
        waitFor(15, () -> robot.lookup("#importSummary").<Label>query().getText()
                .startsWith("Dora Import: 1 Termine angelegt"));
        ApiClient dora = new ApiClient(server.baseUri());
        dora.login("d.import", PASSWORD);
        assertThat(dora.appointments(LocalDate.now(ZoneId.of("Europe/Berlin")))).extracting(a -> a.customerName())
                .containsExactly("Gut Eins");
        robot.clickOn(robot.lookup(".dialog-pane .button").match((Button b) -> "Schließen".equals(b.getText()))
                .<Button>query());
    }

    /** Signs in as the first admin unless an earlier test did (the tests share the app, in any order). */
    static void signInAsAdmin() throws Exception {
        if (app.admin() == null) {
            robot.clickOn("#username").write("it.admin");
            robot.clickOn("#password").write(PASSWORD);
            robot.type(KeyCode.ENTER);
        }
        waitFor(30, () -> app.admin() != null && app.admin().admin().users().stream().map(AdminUser::username)
                .toList().containsAll(List.of("it.admin", "b.alt", "d.import")));
    }

    static List<AdminUser> users() {
        TableView<AdminUser> table = robot.lookup("#adminUsers").query();
        return List.copyOf(table.getItems());
    }
}
