package de.videoberatung.app;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.i18n.Messages;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.ModelThread;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in form's model against the real demo server on loopback; each test signs in with its own client. */
class LoginModelTest {

    @TempDir
    static Path data;
    static ConsultationServer server;

    final ModelThread fx = new ModelThread();
    final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-login"));
    final List<SessionResponse> signedIn = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() {
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .build()).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void close() {
        background.shutdownNow();
        fx.close();
    }

    LoginModel form(ApiClient api) {
        return fx.get(() -> new LoginModel(api, Messages.german(), background, fx, signedIn::add));
    }

    @Test
    void aWrongPasswordIsRefusedInGermanAndTheRightOneSignsIn() {
        ApiClient api = new ApiClient(server.baseUri());
        LoginModel login = form(api);
        fx.run(() -> {
            login.usernameProperty().set(" demo.berater ");
            login.passwordProperty().set("falsch");
            login.signIn();
        });
        fx.until("refused", () -> !login.busyProperty().get());
        assertThat(fx.get(() -> login.errorProperty().get())).isEqualTo("Benutzername oder Passwort ist falsch.");
        assertThat(signedIn).isEmpty();
        assertThat(api.hasSession()).isFalse();

        fx.run(() -> {
            login.passwordProperty().set("demo");
            login.signIn();
        });
        assertThat(fx.get(() -> login.errorProperty().get())).as("cleared on the next try").isEmpty();
        fx.until("signed in", () -> !login.busyProperty().get());
        assertThat(signedIn).extracting(s -> s.user().displayName()).containsExactly("Anna Becker");
        assertThat(fx.get(() -> login.passwordProperty().get())).as("not kept in the form").isEmpty();
        assertThat(api.hasSession()).isTrue();
    }

    @Test
    void anIncompleteFormSendsNothing() {
        Queue<Runnable> requests = new ArrayDeque<>();
        LoginModel login = fx.get(() -> new LoginModel(new ApiClient(server.baseUri()), Messages.german(),
                requests::add, fx, signedIn::add));
        fx.run(() -> {
            login.usernameProperty().set("   ");
            login.passwordProperty().set("demo");
            login.signIn();
            login.usernameProperty().set("demo.berater");
            login.passwordProperty().set("");
            login.signIn();
        });
        assertThat(requests).isEmpty();
        assertThat(fx.get(() -> login.busyProperty().get())).isFalse();
    }

    @Test
    void aSecondClickWhileSigningInSendsNoSecondRequest() {
        Queue<Runnable> requests = new ArrayDeque<>();
        LoginModel login = fx.get(() -> new LoginModel(new ApiClient(server.baseUri()), Messages.german(),
                requests::add, fx, signedIn::add));
        fx.run(() -> {
            login.usernameProperty().set("demo.berater");
            login.passwordProperty().set("demo");
            login.signIn();
            login.signIn();
        });
        assertThat(requests).hasSize(1);
        assertThat(fx.get(() -> login.busyProperty().get())).isTrue();

        requests.remove().run();
        fx.until("signed in once", () -> !login.busyProperty().get());
        assertThat(signedIn).hasSize(1);
    }

    @Test
    void anUnreachableServerIsSaidPlainly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LoginModel login = form(new ApiClient(URI.create("http://127.0.0.1:" + closedPort + "/")));
        fx.run(() -> {
            login.usernameProperty().set("demo.berater");
            login.passwordProperty().set("demo");
            login.signIn();
        });
        fx.until("the failure is shown", () -> !login.busyProperty().get());
        assertThat(fx.get(() -> login.errorProperty().get())).isEqualTo("Der Server ist nicht erreichbar. Bitte "
                + "prüfen Sie die Netzwerkverbindung; die Anwendung versucht es automatisch weiter.");
        assertThat(signedIn).isEmpty();
    }
}
