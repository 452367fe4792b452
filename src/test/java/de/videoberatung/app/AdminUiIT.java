package de.videoberatung.app;

import de.videoberatung.testsupport.TestServers;
import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Role;
import de.videoberatung.api.Team;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Screenshots;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ComboBox;
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
 * command line signs in, adds a user with the keyboard and disables another, whose session ends.
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
        server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).build()).start();
        Path appData = dir.resolve("app");
        app = TestApps.launch(AppConfigs.server(appData, server.baseUri()), appData);
        waitFor(START_SECONDS, () -> robot.lookup("#signIn").tryQuery().isPresent());
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

        robot.clickOn("#username").write("it.admin");
        robot.clickOn("#password").write(PASSWORD);
        robot.type(KeyCode.ENTER);
        waitFor(30, () -> app.admin() != null && app.admin().admin().users().size() == 2);
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
            berta.appointments(java.time.LocalDate.now());
            throw new AssertionError("the disabled user's session still works");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(401);
        }
    }

    static List<AdminUser> users() {
        TableView<AdminUser> table = robot.lookup("#adminUsers").query();
        return List.copyOf(table.getItems());
    }
}
