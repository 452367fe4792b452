package de.videoberatung.api;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.server.ConsultationServer;
import de.videoberatung.testsupport.FaultProxy;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.Poll;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection keeper against a real server behind a fault-injecting proxy on loopback. */
class ServerConnectionTest {

    @TempDir
    Path data;
    ConsultationServer server;
    FaultProxy proxy;
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ServerConnection connection;
    final List<ServerConnection.State> states = new CopyOnWriteArrayList<>();
    final AtomicInteger reconnects = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = LoopbackSession.demoServer(data, LocalTime.of(7, 0));
        proxy = new FaultProxy(server.baseUri());
        ApiClient client = new ApiClient(proxy.uri());
        client.login("demo.berater", "demo");
        // A heartbeat short enough for the stalled-path test, long enough that a loaded machine answers in time.
        connection = new ServerConnection(client, scheduler, Clock.systemUTC(), c -> false, Duration.ofSeconds(1));
        connection.onStateChange(states::add);
        connection.onReconnected(reconnects::incrementAndGet);
        connection.start();
        // The state says online from the start: wait for the stream itself, or a fault injected below would
        // hit the handshake (and its 5 s timeout) instead of the open stream the tests are about.
        awaitTrue(connection::streamOpen);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        scheduler.shutdownNow();
        proxy.close();
        server.close();
    }

    @Test
    void aServerThatGoesAwayIsNoticedAndTheConnectionComesBackByItself() {
        server.stop();
        awaitTrue(() -> !connection.state().online());
        assertThat(connection.state().offlineSince()).isNotNull();
        server.start();
        awaitTrue(() -> connection.state().online());
        // The state turns online before the reconnect listeners run: wait for them, then check it was once.
        awaitTrue(() -> reconnects.get() >= 1);
        assertThat(reconnects.get()).isEqualTo(1);
    }

    @Test
    void aSilentlyDeadNetworkPathIsNoticedByTheHeartbeat() {
        // Nothing is closed: without the heartbeat the app would believe it is online forever.
        proxy.setStalled(true);
        awaitTrue(() -> !connection.state().online());
        proxy.setStalled(false);
        awaitTrue(() -> connection.state().online());
        awaitTrue(() -> reconnects.get() >= 1);
        assertThat(reconnects.get()).isEqualTo(1);
        // The state is set before its listeners hear of it: wait for the listener's record too.
        awaitTrue(() -> states.stream().anyMatch(s -> !s.online()) && states.get(states.size() - 1).online());
        assertThat(states).extracting(ServerConnection.State::online).containsSubsequence(false, true);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Poll.until("condition", Duration.ofSeconds(20), condition);
    }
}
