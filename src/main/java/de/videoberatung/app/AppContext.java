package de.videoberatung.app;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.call.CallService;
import de.videoberatung.call.IceServerUrls;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.media.call.CallEngine;
import de.videoberatung.media.call.CallEngineConfig;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.LocalStore;
import de.videoberatung.sync.NoteSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: creates every long-lived service once at start-up and hands them down. Nothing
 * else in the app creates services or holds them in statics.
 */
public final class AppContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppContext.class);
    static final String DEMO_PASSWORD = "demo";

    private final AppConfig config;
    private final Messages messages;
    private final Clock clock;
    private final ZoneId zone;
    private final LocalStore store;
    private final ConsultationServer embeddedServer;
    private final ApiClient api;
    private final CompletableFuture<DeviceServices> devices;
    private final ScheduledExecutorService connectionScheduler = Executors.newSingleThreadScheduledExecutor(
            named("server-connection"));
    private final ExecutorService io = Executors.newSingleThreadExecutor(named("queue-io"));
    private final ExecutorService notesIo = Executors.newSingleThreadExecutor(named("notes-io"));
    private ServerConnection connection;
    private CallEngine callEngine;
    private CallService calls;
    private LocalNotes notes;
    private NoteSync noteSync;

    private AppContext(AppConfig config, Messages messages, Clock clock, LocalStore store,
                       ConsultationServer embeddedServer, ApiClient api, CompletableFuture<DeviceServices> devices) {
        this.config = config;
        this.messages = messages;
        this.clock = clock;
        // One zone for every time and day the app shows or computes: the server's day's, not the machine's.
        this.zone = config.zone();
        this.store = store;
        this.embeddedServer = embeddedServer;
        this.api = api;
        this.devices = devices;
    }

    /**
     * Opens the local store and, without a configured server, starts the embedded demo server. Blocks for
     * disk work: call it off the FX thread.
     *
     * @param devices the camera and headset services, starting in parallel (they are per process, so the
     *                caller owns them and closes them)
     */
    public static AppContext start(AppConfig config, Clock clock, CompletableFuture<DeviceServices> devices) {
        Messages messages = Messages.german(config.zone());
        if (!config.demo()) {
            return new AppContext(config, messages, clock, LocalStore.open(config.dataDir()), null,
                    new ApiClient(config.serverUrl()), devices);
        }
        // Demo data is made fresh for today at every start, and kept apart from real data.
        Path demoDir = config.dataDir().resolve("demo");
        deleteRecursively(demoDir);
        ConsultationServer server = ConsultationServer.create(ServerOptions.builder(demoDir.resolve("server"))
                .demo(true).demoTime(config.demoTime()).zone(config.zone()).clock(clock).build()).start();
        LOG.info("embedded demo server started on {}", server.baseUri());
        return new AppContext(config, messages, clock, LocalStore.open(demoDir), server,
                new ApiClient(server.baseUri()), devices);
    }

    /** Demo mode signs in by itself: as the demo advisor, or as whom {@code --demo-user} names. */
    public SessionResponse signInDemo() throws ApiException {
        return api.login(config.demoUser(), DEMO_PASSWORD);
    }

    /** The connection keeper, created once a session exists. */
    public synchronized ServerConnection connection() {
        if (connection == null) {
            connection = new ServerConnection(api, connectionScheduler, clock, client -> {
                if (!config.demo()) {
                    return false;
                }
                try {
                    // The embedded server forgets sessions only when its data is renewed; sign in again.
                    client.login(config.demoUser(), DEMO_PASSWORD);
                    return true;
                } catch (ApiException e) {
                    return false;
                }
            });
        }
        return connection;
    }

    /**
     * The app's one call engine (libjitsi is per process), started on first use: call this early (after
     * sign-in) so that libjitsi and the DTLS certificate are ready before the first call. Demo mode: loopback
     * only (the customer's browser runs on this machine); otherwise STUN/TURN from the configuration.
     */
    public synchronized CallEngine callEngine() {
        if (callEngine == null) {
            callEngine = CallEngine.start(config.demo() ? CallEngineConfig.loopback()
                    : CallEngineConfig.defaults(IceServerUrls.parse(config.stunUrls(), config.turnUrl(),
                            config.turnUsername(), config.turnPassword())));
        }
        return callEngine;
    }

    /** Runs calls with waiting customers (signalling on {@link #connection()}, media on {@link #callEngine()}). */
    public synchronized CallService calls() {
        if (calls == null) {
            calls = new CallService(callEngine(), connection(), clock);
        }
        return calls;
    }

    /** The local case notes. */
    public synchronized LocalNotes notes() {
        if (notes == null) {
            notes = new LocalNotes(store, clock);
        }
        return notes;
    }

    /** The executor of the note editors' disk work; drained before the store closes. */
    public ExecutorService notesIo() {
        return notesIo;
    }

    /** Starts the note sync for the signed-in advisor (once); it stops when the context closes. */
    public synchronized NoteSync startNoteSync(long userId) {
        if (noteSync == null) {
            noteSync = new NoteSync(api, notes(), userId, NoteSync.Settings.defaults(),
                    connection()::reportFailure).attach(connection()).start();
        }
        return noteSync;
    }

    /** Stops the note sync at sign-out; the notes and their outbox stay on disk. */
    public synchronized void stopNoteSync() {
        if (noteSync != null) {
            noteSync.close();
            noteSync = null;
        }
    }

    public AppConfig config() {
        return config;
    }

    public Messages messages() {
        return messages;
    }

    public Clock clock() {
        return clock;
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalStore store() {
        return store;
    }

    public ApiClient api() {
        return api;
    }

    /** The background executor of the queue's network and disk work. */
    public ExecutorService io() {
        return io;
    }

    /** The camera and headset services, once started. */
    public CompletableFuture<DeviceServices> devices() {
        return devices;
    }

    /** The embedded demo server, or null when a real server is configured. */
    public ConsultationServer embeddedServer() {
        return embeddedServer;
    }

    @Override
    public void close() {
        if (calls != null) {
            calls.close();
        }
        if (callEngine != null) {
            callEngine.close();
        }
        if (connection != null) {
            connection.close();
        }
        connectionScheduler.shutdownNow();
        io.shutdown();
        stopNoteSync();
        // Typing saved on window close or exit must reach the disk before the store closes.
        notesIo.shutdown();
        try {
            if (!notesIo.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.error("note saves still pending at exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        if (embeddedServer != null) {
            embeddedServer.close();
        }
    }

    static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            t.setDaemon(true);
            return t;
        };
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
