package de.videoberatung.app;

import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static de.videoberatung.app.TestApps.waitForSignInForm;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.PulseAudioServer;
import java.nio.file.Path;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** With a configured server the app asks for a login; wrong passwords are refused in German; sign-out works. */
@ExtendWith(PulseAudioServer.Extension.class)
class LoginUiIT {

    @TempDir
    static Path dir;
    static ConsultationServer server;
    static VideoberatungApp app;
    static final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start(PulseAudioServer pulse) throws Exception {
        server = ConsultationServer.create(ServerOptions.builder(dir.resolve("server")).demo(true)
                .demoTime(LocalTime.of(7, 0)).build()).start();
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
    void wrongPasswordIsRefusedThenTheQueueOpensAndSignOutReturnsToTheForm() throws Exception {
        assertThat(robot.lookup("#demoBanner").tryQuery()).isEmpty();
        robot.clickOn("#username").write("demo.berater");
        robot.clickOn("#password").write("falsch");
        robot.clickOn("#signIn");
        waitFor(10, () -> "Benutzername oder Passwort ist falsch."
                .equals(robot.lookup("#loginError").queryLabeled().getText()));

        robot.doubleClickOn("#password").eraseText(6).write("demo");
        robot.clickOn("#signIn");
        waitFor(20, () -> app.advisor() != null && app.advisor().queue().visibleAppointments().size() == 12);
        assertThat(robot.lookup("#currentUser").queryLabeled().getText()).isEqualTo("Anna Becker");
        assertThat(robot.lookup("#demoBanner").tryQuery()).isEmpty();

        robot.clickOn("#signOut");
        waitForSignInForm(10);
        assertThat(app.session()).isNull();
        waitFor(10, () -> !app.context().api().hasSession());

        robot.clickOn("#username").eraseText(20).write("demo.berater");
        robot.clickOn("#password").write("demo");
        robot.clickOn("#signIn");
        waitFor(20, () -> app.advisor() != null && app.advisor().queue().visibleAppointments().size() == 12);
    }
}
