package de.videoberatung.testsupport;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.queue.QueueService;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.store.AppointmentCache;
import de.videoberatung.store.LocalStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.SimpleObjectProperty;

/**
 * A signed-in desktop session without a window, for presentation-model tests: the real demo server on
 * loopback, a signed-in client with its event stream, the local store on a temp SQLite file and the queue's
 * background thread. Closed in reverse order of opening.
 */
public final class LoopbackSession implements AutoCloseable {

    /** The zone of the server's day. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    public final ConsultationServer server;
    public final ApiClient client;
    public final SessionResponse session;
    public final ServerConnection connection;
    public final LocalStore store;
    public final AppointmentCache cache;
    public final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-queue-io"));
    private final List<QueueService> queues = new ArrayList<>();
    private final List<CustomerPage> pages = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeables = new ArrayList<>();
    private final List<ServerConnection> otherConnections = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "test-connection"));

    private LoopbackSession(Path dir, String user, LocalTime demoTime) throws ApiException {
        server = demoServer(dir.resolve("server"), demoTime);
        client = new ApiClient(server.baseUri());
        session = client.login(user, "demo");
        // The app's heartbeat: a stopped server closes the stream, which is noticed at once.
        connection = new ServerConnection(client, scheduler, Clock.systemUTC(), c -> false);
        connection.start();
        store = LocalStore.open(dir.resolve("app"));
        cache = new AppointmentCache(store, ZONE);
        Poll.until("event stream open", Duration.ofSeconds(20), () -> connection.state().online());
    }

    /**
     * A started demo server whose day is prepared for {@code demoTime}. Its password hashes are cheap: the
     * real hashing path, without the deliberate cost of 210,000 rounds per demo account and sign-in, which
     * on a loaded machine took longer than the client's request timeout.
     */
    public static ConsultationServer demoServer(Path dataDir, LocalTime demoTime) {
        return ConsultationServer.create(ServerOptions.builder(dataDir).demo(true).demoTime(demoTime)
                .passwordIterations(1_000).build()).start();
    }

    /** Signs in {@code user} (demo password) on a fresh demo server whose day is prepared for {@code demoTime}. */
    public static LoopbackSession start(Path dir, String user, LocalTime demoTime) throws ApiException {
        return new LoopbackSession(dir, user, demoTime);
    }

    /**
     * The day's queue of the signed-in user, its own appointments or (with {@code source}) the team's;
     * closed with the session.
     */
    public QueueService queueService(QueueService.Source source) {
        QueueService queue = new QueueService(connection, source, cache, session.user().id(), ZONE, io,
                Clock.systemUTC());
        queues.add(queue);
        return queue;
    }

    /** The signed-in user's own day in a started {@link QueueModel} on {@code fx}, returned once it is loaded. */
    public QueueModel ownQueue(ModelThread fx, Consumer<String> notices) {
        QueueService service = queueService(QueueService.Source.ownAppointments(session.user().id()));
        Messages messages = Messages.german();
        QueueModel model = fx.get(() -> {
            QueueModel started = new QueueModel(service, messages, Clock.systemUTC(),
                    new AppointmentText(messages, Duration.ofMinutes(10)), fx, notices,
                    new SimpleObjectProperty<>(Instant.now()));
            started.start();
            return started;
        });
        fx.until("the day is loaded", () -> !model.loadingProperty().get());
        return model;
    }

    /**
     * The queue of another app signed in to the same server as {@code user} (another PC, or the same advisor
     * twice): its own client, event stream and local store in {@code dir}; closed with the session.
     */
    public QueueService queueOfAnotherApp(Path dir, String user, Function<UserInfo, QueueService.Source> source)
            throws ApiException {
        ApiClient other = new ApiClient(server.baseUri());
        UserInfo info = other.login(user, "demo").user();
        ServerConnection otherConnection = new ServerConnection(other, scheduler, Clock.systemUTC(), c -> false);
        otherConnection.start();
        LocalStore otherStore = LocalStore.open(dir);
        closeables.add(otherStore::close);
        otherConnections.add(otherConnection);
        Poll.until("the other app's event stream open", Duration.ofSeconds(20), () -> otherConnection.state().online());
        QueueService queue = new QueueService(otherConnection, source.apply(info), new AppointmentCache(otherStore, ZONE),
                info.id(), ZONE, io, Clock.systemUTC());
        queues.add(queue);
        return queue;
    }

    /**
     * The customer of {@code a} opens the invitation link: consent and the page's signalling socket, as the
     * browser makes them (the appointment is waiting while the page is open; closed with the session).
     */
    public void customerJoins(Appointment a) throws IOException, InterruptedException {
        pages.add(CustomerPage.open(a));
    }

    @Override
    public void close() throws InterruptedException {
        pages.forEach(CustomerPage::close);
        queues.forEach(QueueService::close);
        otherConnections.forEach(ServerConnection::close);
        connection.close();
        scheduler.shutdownNow();
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        closeables.forEach(Runnable::run);
        store.close();
        server.close();
    }
}
