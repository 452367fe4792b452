package de.videoberatung.admin;

import de.videoberatung.testsupport.ImportFiles;
import de.videoberatung.testsupport.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Role;
import de.videoberatung.api.Team;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentImportModel;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.ModelThread;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Verwaltung's model against a real server without demo data, signed in as the first admin: users, teams,
 * service tokens and an appointment import for an advisor the admin picks.
 */
class AdminModelTest {

    static final String PASSWORD = "ein langes Passwort";

    @TempDir
    static Path data;
    static ConsultationServer server;

    final ModelThread fx = new ModelThread();
    final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-admin-io"));
    AdminModel model;

    @BeforeAll
    static void start() {
        AdminCli.firstAdmin(data, "Team Nord", "it.admin", PASSWORD);
        server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).passwordIterations(1_000).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void signIn() throws ApiException {
        ApiClient api = new ApiClient(server.baseUri());
        api.login("it.admin", PASSWORD);
        model = fx.get(() -> new AdminModel(api, Messages.german(), io, fx));
        fx.run(model::load);
        fx.until("the lists are loaded", () -> !model.busyProperty().get() && !model.users().isEmpty());
    }

    @AfterEach
    void close() {
        io.shutdownNow();
        fx.close();
    }

    @Test
    void addingAUserShowsItInTheListAndClosesTheForm() {
        fx.run(() -> {
            model.openForm();
            model.newUsernameProperty().set("c.neu");
            model.newDisplayNameProperty().set("Clara Neu");
            model.newRoleProperty().set(Role.TEAM_LEAD);
            model.newPasswordProperty().set(PASSWORD);
            model.addUser();
        });
        fx.until("the user is listed", () -> model.users().stream().anyMatch(u -> u.username().equals("c.neu")));
        AdminUser clara = fx.get(() -> find("c.neu"));
        assertThat(clara.role()).isEqualTo(Role.TEAM_LEAD);
        assertThat(clara.teamName()).as("the form starts with the first team").isEqualTo("Team Nord");
        assertThat(fx.get(() -> model.formOpenProperty().get())).isFalse();
        assertThat(fx.get(() -> model.newPasswordProperty().get())).as("not kept").isEmpty();
        assertThat(fx.get(() -> model.noticeProperty().get())).isEqualTo("Benutzer c.neu wurde angelegt.");
    }

    @Test
    void theServersRefusalIsShownInGermanAndTheFormStaysOpen() {
        fx.run(() -> {
            model.openForm();
            model.newUsernameProperty().set("it.admin");
            model.newDisplayNameProperty().set("Doppelt");
            model.newPasswordProperty().set(PASSWORD);
            model.addUser();
        });
        fx.until("refused", () -> !model.formErrorProperty().get().isEmpty());
        assertThat(fx.get(() -> model.formErrorProperty().get())).isEqualTo("Diesen Benutzernamen gibt es schon.");
        assertThat(fx.get(() -> model.formOpenProperty().get())).isTrue();

        fx.run(() -> {
            model.newUsernameProperty().set("");
            model.addUser();
        });
        assertThat(fx.get(() -> model.formErrorProperty().get())).isEqualTo("Bitte füllen Sie alle Felder aus.");
    }

    @Test
    void disablingEnablingRoleTeamAndResetAreShownAsTheServerHasThem() {
        fx.run(() -> {
            model.newTeamNameProperty().set("Team Süd");
            model.addTeam();
        });
        fx.until("the team is listed", () -> model.teams().stream().anyMatch(t -> t.name().equals("Team Süd")));
        addUser("d.wechsel");
        AdminUser user = fx.get(() -> find("d.wechsel"));

        fx.run(() -> model.setEnabled(user, false));
        fx.until("disabled", () -> find("d.wechsel").disabled());
        fx.run(() -> model.setEnabled(find("d.wechsel"), true));
        fx.until("enabled", () -> !find("d.wechsel").disabled());

        fx.run(() -> model.changeRole(find("d.wechsel"), Role.ADMIN));
        fx.until("the role changed", () -> find("d.wechsel").role() == Role.ADMIN);
        Team sued = fx.get(() -> model.teams().stream().filter(t -> t.name().equals("Team Süd")).findFirst()
                .orElseThrow());
        fx.run(() -> model.changeTeam(find("d.wechsel"), sued));
        fx.until("the team changed", () -> find("d.wechsel").teamId() == sued.id());

        fx.run(() -> model.resetPassword(find("d.wechsel")));
        fx.until("the one-time password is shown", () -> model.secretProperty().get() != null);
        assertThat(fx.get(() -> model.secretProperty().get().value())).hasSizeGreaterThanOrEqualTo(10);
        assertThat(fx.get(() -> find("d.wechsel").mustChangePassword())).isTrue();
        fx.run(model::secretShown);
        assertThat(fx.get(() -> model.secretProperty().get())).isNull();
    }

    @Test
    void aServiceTokenIsShownOnceAndCanBeRevoked() {
        fx.run(() -> {
            model.newTokenNameProperty().set("Terminplanung");
            model.addServiceToken();
        });
        fx.until("the token is shown", () -> model.secretProperty().get() != null);
        assertThat(fx.get(() -> model.secretProperty().get().value())).hasSizeGreaterThanOrEqualTo(40);
        assertThat(fx.get(() -> model.serviceTokens().size())).isEqualTo(1);
        fx.run(() -> model.revoke(model.serviceTokens().get(0)));
        fx.until("revoked", () -> model.serviceTokens().get(0).revokedAt() != null);
    }

    @Test
    void anImportForTheChosenAdvisorShowsTheRejectedRowAndThenImportsTheValidOnes() throws Exception {
        addUser("e.import");
        addUser("f.gesperrt");
        fx.run(() -> model.setEnabled(find("f.gesperrt"), false));
        fx.until("disabled", () -> find("f.gesperrt").disabled());
        Path csv = ImportFiles.csvWithARejectedRow(data, LocalDate.now(ZoneId.of("Europe/Berlin")));

        AppointmentImportModel importing = fx.get(() -> model.importModel(find("e.import")));
        fx.until("the advisors to pick from", () -> importing.advisorProperty().get() != null);
        assertThat(fx.get(() -> importing.advisorProperty().get().username())).as("the selected user")
                .isEqualTo("e.import");
        assertThat(fx.get(() -> importing.advisors().stream().map(UserInfo::username).toList()))
                .as("enabled advisors only").contains("e.import").doesNotContain("f.gesperrt", "it.admin");
        fx.run(() -> importing.importFile(csv));
        fx.run(importing::start);
        fx.until("the answer", () -> !importing.busyProperty().get() && !importing.rejected().isEmpty());
        assertThat(fx.get(() -> List.copyOf(importing.rejected()))).containsExactly(
                ImportFiles.REJECTED_ROW);
        assertThat(fx.get(() -> importing.summaryProperty().get())).startsWith("Nutzer e.import: Nichts importiert");
        fx.run(importing::importValidEntries);
        fx.until("imported", () -> !importing.busyProperty().get()
                && importing.summaryProperty().get().startsWith("Nutzer e.import: 1 Termine angelegt"));

        ApiClient advisor = new ApiClient(server.baseUri());
        advisor.login("e.import", PASSWORD);
        assertThat(advisor.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))))
                .extracting(Appointment::customerName).containsExactly("Gut Eins");
    }

    private void addUser(String username) {
        fx.run(() -> {
            model.openForm();
            model.newUsernameProperty().set(username);
            model.newDisplayNameProperty().set("Nutzer " + username);
            model.newPasswordProperty().set(PASSWORD);
            model.addUser();
        });
        fx.until("added", () -> model.users().stream().anyMatch(u -> u.username().equals(username)));
    }

    private AdminUser find(String username) {
        return model.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
    }
}
