package de.videoberatung.app;

import de.videoberatung.testsupport.TestServers;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.i18n.Messages;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.ModelThread;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a password reset the sign-in form asks for a new password ("Neues Passwort wählen") and hands the
 * session on only once the server has it; disabled accounts are told so. Real server without demo data.
 */
class PasswordResetLoginTest {

    static final String PASSWORD = "ein langes Passwort";

    @TempDir
    static Path data;
    static ConsultationServer server;

    final ModelThread fx = new ModelThread();
    final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-login"));
    final List<SessionResponse> signedIn = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        AdminCli.firstAdmin(data, "Team Nord", "it.admin", PASSWORD);
        server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).build()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void close() {
        background.shutdownNow();
        fx.close();
    }

    @Test
    void aResetUserChoosesANewPasswordBeforeTheSessionOpens() throws Exception {
        AdminCli.ok(data, PASSWORD + "\n", "add-user", "b.reset", "--name", "Berta Reset", "--role", "ADVISOR",
                "--team", "Team Nord");
        AdminCli.ok(data, "vorlaeufig-12345\n", "reset-password", "b.reset");
        ApiClient api = new ApiClient(server.baseUri());
        LoginModel login = fx.get(() -> new LoginModel(api, Messages.german(), background, fx, signedIn::add));
        fx.run(() -> {
            login.usernameProperty().set("b.reset");
            login.passwordProperty().set("vorlaeufig-12345");
            login.signIn();
        });
        fx.until("the new password is asked for", () -> login.choosingPasswordProperty().get());
        assertThat(signedIn).isEmpty();

        fx.run(() -> {
            login.newPasswordProperty().set("Bertas neues Passwort");
            login.newPasswordRepeatProperty().set("Bertas neues Passwrot");
            login.choosePassword();
        });
        assertThat(fx.get(() -> login.errorProperty().get())).isEqualTo("Die beiden Eingaben stimmen nicht überein.");

        fx.run(() -> {
            login.newPasswordProperty().set("kurz");
            login.newPasswordRepeatProperty().set("kurz");
            login.choosePassword();
        });
        fx.until("the weak password is refused", () -> !login.busyProperty().get()
                && !login.errorProperty().get().isEmpty());
        assertThat(fx.get(() -> login.errorProperty().get())).startsWith("Das Passwort ist zu schwach");
        assertThat(signedIn).isEmpty();

        fx.run(() -> {
            login.newPasswordProperty().set("Bertas neues Passwort");
            login.newPasswordRepeatProperty().set("Bertas neues Passwort");
            login.choosePassword();
        });
        fx.until("signed in", () -> !signedIn.isEmpty());
        assertThat(signedIn.get(0).mustChangePassword()).isFalse();
        assertThat(fx.get(() -> login.choosingPasswordProperty().get())).isFalse();
        // The same session now opens everything its role may.
        assertThat(api.appointments(LocalDate.now())).isEmpty();
        assertThat(new ApiClient(server.baseUri()).login("b.reset", "Bertas neues Passwort").user().username())
                .isEqualTo("b.reset");
    }

    @Test
    void aDisabledAccountIsToldSo() {
        AdminCli.ok(data, PASSWORD + "\n", "add-user", "g.sperre", "--name", "Gerd Sperre", "--role", "ADVISOR",
                "--team", "Team Nord");
        AdminCli.ok(data, "", "disable-user", "g.sperre");
        LoginModel login = fx.get(() -> new LoginModel(new ApiClient(server.baseUri()), Messages.german(),
                background, fx, signedIn::add));
        fx.run(() -> {
            login.usernameProperty().set("g.sperre");
            login.passwordProperty().set(PASSWORD);
            login.signIn();
        });
        fx.until("refused", () -> !login.busyProperty().get() && !login.errorProperty().get().isEmpty());
        assertThat(fx.get(() -> login.errorProperty().get()))
                .isEqualTo("Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Verwaltung.");
        assertThat(signedIn).isEmpty();
    }
}
