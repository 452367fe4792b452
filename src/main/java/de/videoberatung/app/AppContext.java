package de.videoberatung.app;

import de.videoberatung.threads.NamedThreads;
import de.videoberatung.i18n.Messages;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.api.UserInfo;
import de.videoberatung.admin.AdminModel;
import de.videoberatung.callwindow.CallWindows;
import de.videoberatung.callwindow.NoteCallNotes;
import de.videoberatung.callwindow.WaitingAlert;
import de.videoberatung.notes.NoteWindows;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.queue.CustomerSimulation;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.queue.QueueService;
import de.videoberatung.queue.QueueView;
import de.videoberatung.store.AppointmentCache;
import de.videoberatung.teamlead.TeamModel;
import de.videoberatung.teamlead.TeamSource;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import de.videoberatung.call.CallService;
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
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
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
    private final ExecutorService background = NamedThreads.single("app-io");
    private CallEngine callEngine;
    private final LocalNotes notes;
    private boolean closed;

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
        // Reads the device id from the store: here, off the FX thread, not at the first sign-in.
        this.notes = new LocalNotes(store, clock);
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
            return new AppContext(config, messages, clock, openStore(config, config.dataDir(), clock), null,
                    new ApiClient(config.serverUrl(), ServerTrust.forThisMachine()), devices);
        }
        // Demo data is made fresh for today at every start, and kept apart from real data.
        Path demoDir = config.dataDir().resolve("demo");
        deleteRecursively(demoDir);
        // The local store migrates on a second thread while the server migrates, seeds and starts on this one:
        // each is mostly class loading and SQLite work, and a start has two cores. That thread then makes the API
        // client's HTTP client, which otherwise the demo sign-in would wait for (~0.1 s with the CDS archive).
        CompletableFuture<LocalStore> store = new CompletableFuture<>();
        CompletableFuture<HttpClient> http = new CompletableFuture<>();
        NamedThreads.start("store-open", () -> {
            try {
                store.complete(openStore(config, demoDir, clock));
                StartupTrace.mark("store");
            } catch (RuntimeException e) {
                store.completeExceptionally(e);
            }
            try {
                http.complete(ApiClient.httpClient(null));
            } catch (RuntimeException e) {
                http.completeExceptionally(e);
            }
        });
        ConsultationServer server;
        try {
            server = ConsultationServer.create(ServerOptions.builder(demoDir.resolve("server"))
                    .demo(true).demoTime(config.demoTime()).zone(config.zone()).clock(clock).build()).start();
        } catch (RuntimeException e) {
            store.thenAccept(LocalStore::close);
            throw e;
        }
        StartupTrace.mark("server");
        LOG.info("embedded demo server started on {}", server.baseUri());
        try {
            return new AppContext(config, messages, clock, joined(store), server,
                    new ApiClient(server.baseUri(), joined(http)), devices);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The local store, without what lies further back than {@code cache.days} (docs/privacy.md). */
    private static LocalStore openStore(AppConfig config, Path dir, Clock clock) {
        LocalStore store = LocalStore.open(dir);
        store.wipeBefore(LocalDate.now(clock.withZone(config.zone())).minusDays(config.cacheDays()), config.zone());
        return store;
    }

    /** Demo mode signs in by itself: as the demo advisor, or as whom {@code --demo-user} names. */
    public SessionResponse signInDemo() throws ApiException {
        return api.login(config.demoUser(), DEMO_PASSWORD);
    }

    /**
     * The one place a signed-in session is made: the role decides what it holds. Call it on the FX thread
     * after sign-in; the session is started with {@link Session#start()} and closed as one.
     */
    public Session openSession(SessionResponse signedIn, SessionHooks hooks) {
        UserInfo user = signedIn.user();
        ScheduledExecutorService serverThread = NamedThreads.scheduled("server-connection");
        ServerConnection server = new ServerConnection(api, serverThread, clock, this::renewDemoSession);
        ExecutorService io = NamedThreads.single("queue-io");
        ObjectProperty<Instant> now = new SimpleObjectProperty<>(clock.instant());
        Session.Base base = new Session.Base(user, clock, now, server, serverThread, io,
                new ConnectionModel(server, hooks.fxThread()));
        AppointmentCache cache = new AppointmentCache(store, zone);
        AppointmentText text = new AppointmentText(messages, Duration.ofMinutes(config.followUpMinutes()));
        return switch (user.role()) {
            case ADVISOR -> {
                QueueService queueService = new QueueService(server, cache, user.id(), zone, io, clock);
                QueueModel queue = new QueueModel(queueService, messages, clock, text, hooks.fxThread(),
                        hooks.notices(), now);
                ExecutorService notesIo = NamedThreads.single("notes-io");
                NoteSync noteSync = new NoteSync(api, notes(), user.id(), NoteSync.Settings.defaults(),
                        server::reportFailure).attach(server)
                        // Only what the cache window needs comes to this PC (docs/privacy.md).
                        .pullFrom(() -> LocalDate.now(clock.withZone(zone)).minusDays(config.cacheDays()));
                NoteWindows noteWindows = new NoteWindows(notes(), notesIo, messages, user.id());
                CallService calls = new CallService(this::callEngine, server, clock);
                CallWindows callWindows = new CallWindows(() -> calls, api, devices, messages, clock, zone,
                        a -> new NoteCallNotes(notes(), notesIo, messages, user.id(), a));
                queue.setCallStarter(a -> callWindows.start(a, hooks.owner().get()));
                if (config.demo()) {
                    // A newcomer can be their own customer: the join link opens in this machine's browser.
                    queue.setCustomerSimulation(new CustomerSimulation(new SystemBrowser(), messages,
                            r -> NamedThreads.start("customer-browser", r), hooks.fxThread(),
                            hooks.notices()));
                }
                WaitingAlert alert = new WaitingAlert(queue.allAppointments(), messages, zone, devices,
                        hooks.owner(), hooks.fxThread());
                yield new AdvisorSession(base, new AdvisorSession.Parts(queueService, queue, notesIo, noteSync,
                        noteWindows, calls, callWindows, alert, () -> {
                            QueueView view = new QueueView(queue, messages);
                            view.setOnOpenNote(a -> noteWindows.open(a, hooks.owner().get()));
                            return view;
                        }));
            }
            case TEAM_LEAD -> {
                // A team lead has no consultations of their own: the team's day takes the queue's place.
                QueueService queueService = new QueueService(server, new TeamSource(), cache, user.id(), zone, io,
                        clock);
                yield new TeamLeadSession(base, queueService, new TeamModel(queueService, messages, text, clock,
                        zone, io, hooks.fxThread(), hooks.notices(), now));
            }
            // An admin has no queue: the user administration takes its place.
            case ADMIN -> new AdminSession(base, new AdminModel(api, messages, io, hooks.fxThread()), messages);
            // Service accounts have no password: the server never signs them in to the app.
            case SERVICE -> throw new IllegalStateException("a service account cannot sign in to the app");
        };
    }

    /** The embedded server forgets sessions only when its data is renewed: demo mode signs in again. */
    private boolean renewDemoSession(ApiClient client) {
        if (!config.demo()) {
            return false;
        }
        try {
            client.login(config.demoUser(), DEMO_PASSWORD);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * The app's one call engine (libjitsi is per process), started on first use: a session starts it early
     * so that libjitsi and the DTLS certificate are ready before the first call. Demo mode: loopback
     * only (the customer's browser runs on this machine); otherwise STUN/TURN as the server hands them out.
     */
    public synchronized CallEngine callEngine() {
        if (closed) {
            throw new IllegalStateException("the app is closing");
        }
        if (callEngine == null) {
            callEngine = CallEngine.start(config.demo() ? CallEngineConfig.loopback()
                    // Fresh STUN/TURN servers (short-lived credentials) from the server before every offer.
                    : CallEngineConfig.defaults(api::iceServers));
        }
        return callEngine;
    }

    /** Starts the call engine in the background: libjitsi and the DTLS certificate take a while. */
    public void prepareCalls() {
        NamedThreads.start("call-engine-start", () -> {
            try {
                callEngine();
            } catch (IllegalStateException e) {
                LOG.info("app closed before the call engine started");
            }
        });
    }

    /** The local case notes. */
    public LocalNotes notes() {
        return notes;
    }

    /** Sign-in and sign-out requests, off the FX thread and outside any session ({@code app-io}). */
    public ExecutorService background() {
        return background;
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

    /** The camera and headset services, once started. */
    public CompletableFuture<DeviceServices> devices() {
        return devices;
    }

    /** The embedded demo server, or null when a real server is configured. */
    public ConsultationServer embeddedServer() {
        return embeddedServer;
    }

    /**
     * Closes what lives as long as the app: the call engine, the local store, the embedded server. The
     * session, if any, must be closed first (its threads write to the store).
     */
    @Override
    public void close() {
        CallEngine engine;
        synchronized (this) {
            closed = true;
            engine = callEngine;
        }
        if (engine != null) {
            engine.close();
        }
        NamedThreads.drain(background, Duration.ofSeconds(5));
        store.close();
        if (embeddedServer != null) {
            embeddedServer.close();
        }
    }

    /** The store, or the failure that opening it threw (not wrapped). */
    private static <T> T joined(CompletableFuture<T> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
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
