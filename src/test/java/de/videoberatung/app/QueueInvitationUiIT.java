package de.videoberatung.app;

import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.server.invitations.InvitationOptions;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * The queue's "Einladung" column in the real app, signed in to a real server whose invitations go to a real SMTP
 * server on loopback (GreenMail): while the mail server is down the row says it waits and why, once it is back
 * "gesendet" with the time; an address the mail cannot be built for "fehlgeschlagen" with the reason; a phone
 * appointment nothing. The states come from the server's outbox through the event stream, no reload.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class QueueInvitationUiIT {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    GreenMail smtp;
    int smtpPort;
    ConsultationServer server;
    VideoberatungApp app;
    static final FxRobot robot = new FxRobot();

    @BeforeEach
    void startServerWithTheMailServerDownAndSignIn(PulseAudioServer pulse) throws Exception {
        // A free port for the mail server, which stays down until the test starts it there.
        GreenMail probe = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        probe.start();
        smtpPort = probe.getSmtp().getPort();
        probe.stop();
        InvitationOptions invitations = InvitationOptions.off()
                .withMail("127.0.0.1", smtpPort, false, null, null, "videoberatung@jobcenter.example")
                .withContact("Telefon 0441 1234-0").withReminders(List.of())
                .withRetry(Duration.ofMillis(200), Duration.ofSeconds(1));
        server = ConsultationServer.create(ServerOptions.builder(dir.resolve("server")).demo(true)
                .demoTime(LocalTime.of(7, 0)).publicUrl(TestServers.PUBLIC_URL).invitations(invitations).build())
                .start();
        Path appData = dir.resolve("app");
        app = TestApps.launch(AppConfigs.server(appData, server.baseUri()), appData);
        waitFor(START_SECONDS, () -> robot.lookup("#signIn").tryQuery().isPresent());
        robot.clickOn("#username").write("demo.berater");
        robot.clickOn("#password").write("demo");
        robot.type(KeyCode.ENTER);
        waitFor(START_SECONDS, () -> app.advisor() != null && !app.advisor().queue().loadingProperty().get());
    }

    @AfterEach
    void stop() throws TimeoutException {
        TestApps.stop(app);
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void theRowSaysWaitingWhileTheMailServerIsDownThenSentFailedWithItsReasonAndNothingForThePhone()
            throws Exception {
        ZonedDateTime tomorrow = ZonedDateTime.now(BERLIN).plusDays(1).with(LocalTime.of(10, 0));
        robot.interact(() -> app.advisor().queue().dayProperty().set(tomorrow.toLocalDate()));
        ApiClient advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
        Appointment invited = advisor.createAppointment(draft("Olga Wolff", "olga.wolf@example.org", null,
                Channel.VIDEO, tomorrow));
        Appointment unbuildable = advisor.createAppointment(draft("Paul Punkt", "paul..punkt@example.org", null,
                Channel.VIDEO, tomorrow.plusHours(1)));
        Appointment byPhone = advisor.createAppointment(draft("Rita Ruf", null, "0151 2345678", Channel.PHONE,
                tomorrow.plusHours(2)));

        waitFor(30, () -> "wartet: Mailserver nicht erreichbar".equals(invitationCell(invited.id()).orElse(null)));
        // The three rows reach the queue one by one through the server's events.
        waitFor(30, () -> invitationCell(byPhone.id()).isPresent());
        assertThat(invitationCell(byPhone.id())).as("a phone appointment gets no invitation").contains("");

        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        waitFor(30, () -> invitationCell(invited.id()).orElse("").matches("gesendet \\d{2}:\\d{2}"));
        waitFor(30, () -> "fehlgeschlagen: E-Mail-Adresse ungültig".equals(
                invitationCell(unbuildable.id()).orElse(null)));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("olga.wolf@example.org");
        assertThat(invitationCell(byPhone.id())).contains("");
    }

    static AppointmentDraft draft(String name, String email, String phone, Channel channel, ZonedDateTime start) {
        return new AppointmentDraft(null, name, "123A456789", email, phone, null, "Beratung", channel,
                start.toInstant(), start.plusMinutes(30).toInstant(), null, null);
    }

    /** The text of the "Einladung" cell in the row of appointment {@code id}, if the row is on screen. */
    @SuppressWarnings("unchecked")
    static Optional<String> invitationCell(long id) {
        return robot.lookup("#queueTable .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<Appointment>) n)
                .filter(r -> r.getItem() != null && r.getItem().id() == id)
                .flatMap(r -> r.lookupAll(".table-cell").stream())
                .map(n -> (TableCell<?, ?>) n)
                .filter(c -> c.getTableColumn() != null && "Einladung".equals(c.getTableColumn().getText()))
                .map(c -> c.getText() == null ? "" : c.getText())
                .findFirst();
    }
}
