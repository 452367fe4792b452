package de.videoberatung.app;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.ModelThread;
import de.videoberatung.testsupport.Poll;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline banner's and the sign-in prompt's model over the real connection to a loopback server. */
class ConnectionModelTest {

    @TempDir
    Path dir;
    LoopbackSession session;
    ModelThread fx;
    ConnectionModel model;

    @BeforeEach
    void connect() throws Exception {
        session = LoopbackSession.start(dir, "demo.berater", LocalTime.of(7, 0));
        fx = new ModelThread();
        fx.run(() -> model = new ConnectionModel(session.connection, fx));
    }

    @AfterEach
    void close() throws Exception {
        fx.run(model::dispose);
        fx.close();
        session.close();
    }

    @Test
    void theServerGoingAwayShowsSinceWhenAndItsReturnClearsIt() {
        assertThat(fx.get(() -> model.onlineProperty().get())).isTrue();
        assertThat(fx.get(() -> model.offlineSinceProperty().get())).isNull();
        Instant stopped = Instant.now();

        session.server.stop();

        fx.until("offline", () -> !model.onlineProperty().get());
        assertThat(fx.get(() -> model.offlineSinceProperty().get())).isBetween(stopped.minusSeconds(1), Instant.now());
        assertThat(fx.get(() -> model.sessionExpiredProperty().get())).isFalse();

        session.server.start();
        fx.until("online again", () -> model.onlineProperty().get());
        assertThat(fx.get(() -> model.offlineSinceProperty().get())).isNull();
    }

    @Test
    void aSessionTheServerEndedAsksForANewSignIn() throws Exception {
        session.server.stop();
        fx.until("offline", () -> !model.onlineProperty().get());
        // While the server was away its sessions were ended (as an administrator would).
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + session.server.dataDir().resolve("server.db"))) {
            c.createStatement().executeUpdate("DELETE FROM session");
        }
        session.server.start();

        fx.until("the session is reported expired", () -> model.sessionExpiredProperty().get());
        assertThat(fx.get(() -> model.onlineProperty().get())).isFalse();
    }

    @Test
    void afterDisposeTheModelNoLongerFollowsTheConnection() {
        fx.run(model::dispose);
        session.server.stop();
        Poll.until("the connection itself is offline", Duration.ofSeconds(20), () -> !session.connection.state().online());
        assertThat(fx.get(() -> model.onlineProperty().get())).isTrue();
    }
}
