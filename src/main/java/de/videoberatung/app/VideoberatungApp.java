package de.videoberatung.app;

import de.videoberatung.threads.NamedThreads;
import de.videoberatung.i18n.Messages;
import atlantafx.base.theme.PrimerLight;
import de.videoberatung.api.SessionResponse;
import java.util.ArrayList;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.collections.ObservableList;
import java.util.function.Function;
import java.util.function.Supplier;
import de.videoberatung.devices.DeviceServices;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The desktop application: shows a start screen at once, wires the services in the background, then the UI. */
public final class VideoberatungApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(VideoberatungApp.class);

    private static final Duration FIRST_SCREEN_AT_MOST = Duration.seconds(3);

    private AppConfig config;
    private boolean devicesStarted;
    private final Clock clock;
    private final Function<AppConfig, DeviceServices> deviceFactory;
    private final boolean ownsDevices;
    private CompletableFuture<DeviceServices> devices;
    /** The background start, if the launcher began it before the toolkit was up; else begun in start(). */
    private CompletableFuture<AppStart.Started> starting;
    private volatile AppContext context;
    /** Set at exit: a start-up still under way must not open a session on a closed store. */
    private boolean stopped;
    private MainWindow mainWindow;
    private Session session;
    private CompletableFuture<?> signedOut = CompletableFuture.completedFuture(null);
    private Stage stage;
    private Scene scene;

    /** Used by {@link Application#launch}: configuration from the command line and the config files. */
    public VideoberatungApp() {
        this(null, Clock.systemUTC(), VideoberatungApp::devicesForThisMachine, true);
    }

    /** For tests: a given configuration and clock, and the test JVM's shared device services (not closed here). */
    public VideoberatungApp(AppConfig config, Clock clock, Supplier<DeviceServices> devices) {
        this(config, clock, c -> devices.get(), false);
    }

    private VideoberatungApp(AppConfig config, Clock clock, Function<AppConfig, DeviceServices> deviceFactory,
                             boolean ownsDevices) {
        this.config = config;
        this.clock = clock;
        this.deviceFactory = deviceFactory;
        this.ownsDevices = ownsDevices;
    }

    /**
     * The launcher's app: the store and the embedded server are already starting ({@code starting}, begun with
     * {@code devices}) while the toolkit comes up; this machine's devices, owned and closed here.
     */
    static VideoberatungApp started(AppConfig config, Clock clock, CompletableFuture<DeviceServices> devices,
                                    CompletableFuture<AppStart.Started> starting) {
        VideoberatungApp app = new VideoberatungApp(config, clock, VideoberatungApp::devicesForThisMachine, true);
        app.devices = devices;
        app.starting = starting;
        return app;
    }

    private static DeviceServices devicesForThisMachine(AppConfig config) {
        return DeviceServices.startForThisMachine(config.demo(), config.dataDir().resolve("devices.properties"));
    }

    @Override
    public void start(Stage primaryStage) {
        StartupTrace.mark("toolkit");
        if (config == null) {
            config = AppConfig.load(getParameters().getRaw().toArray(String[]::new));
        }
        stage = primaryStage;
        // The UI speaks German: date pickers, number formats and system dialogs follow the default locale.
        Locale.setDefault(Locale.GERMANY);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Messages messages = Messages.german();
        ProgressIndicator progress = new ProgressIndicator();
        VBox startScreen = new VBox(12, progress, new Label(messages.get("app.starting")));
        startScreen.getStyleClass().add("start-screen");
        scene = new Scene(startScreen, 1280, 800);
        scene.getStylesheets().add(Objects.requireNonNull(
                VideoberatungApp.class.getResource("/de/videoberatung/app/app.css")).toExternalForm());
        stage.setTitle(messages.get("app.title"));
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        StartupTrace.mark("start-screen");

        if (starting == null) {
            devices = new CompletableFuture<>();
            starting = AppStart.begin(config, clock, devices);
        }
        starting.whenComplete((started, failure) -> {
            if (started != null && !adopt(started.context())) {
                // The app stopped while starting: nobody else closes what was started.
                started.context().close();
                return;
            }
            Platform.runLater(() -> onStarted(started, failure));
        });
    }

    /** Takes over the started services unless the app stopped meanwhile. */
    private synchronized boolean adopt(AppContext started) {
        if (stopped) {
            return false;
        }
        context = started;
        return true;
    }

    private void onStarted(AppStart.Started started, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            Messages messages = Messages.german();
            if (cause instanceof AppStart.InsecureServer insecure) {
                LOG.error("start refused: {}", insecure.getMessage());
                scene.setRoot(new VBox(new Label(messages.get("app.insecureServer", insecure.server))));
                return;
            }
            LOG.error("start-up failed", cause);
            scene.setRoot(new VBox(new Label(messages.get("app.startFailed", messages.describe(cause)))));
            return;
        }
        if (started.demoSession() != null) {
            showMain(started.demoSession());
        } else {
            showLogin();
            startDevices();
        }
    }

    /**
     * Device discovery (cameras, libjitsi's audio system) takes a second or two of CPU: it starts once the
     * first screen is up, so it does not delay the queue; the status bar says "wird geprüft" meanwhile.
     */
    private void startDevices() {
        if (devicesStarted) {
            return;
        }
        devicesStarted = true;
        AppConfig cfg = config;
        NamedThreads.start("devices-start", () -> {
            try {
                devices.complete(deviceFactory.apply(cfg));
            } catch (RuntimeException e) {
                LOG.error("devices could not be started", e);
                devices.completeExceptionally(e);
            }
        });
    }

    private void showLogin() {
        if (stopped) {
            return;
        }
        // A new sign-in waits until the previous session has drained and logged out: its logout must not
        // end the new session's token.
        CompletableFuture<?> previous = signedOut;
        Executor afterSignOut = work -> previous.whenComplete((done, failure) -> context.background().execute(work));
        LoginModel login = new LoginModel(context.api(), context.messages(), afterSignOut, Platform::runLater,
                this::showMain);
        show(new LoginView(login, context.messages(), context.api().baseUri().toString()),
                context.messages().get("app.title"));
    }

    private void showMain(SessionResponse signedIn) {
        if (stopped) {
            return;
        }
        mainWindow = MainWindow.open(context, signedIn, () -> stage, this::signOut);
        session = mainWindow.session();
        show(mainWindow.start(), mainWindow.title());
        StartupTrace.mark("session");
        if (config.exitAfterQueueShown()) {
            exitOnceQueueShows();
        }
        afterFirstRows(session, () -> {
            startDevices();
            if (session instanceof AdvisorSession) {
                context.prepareCalls();
            }
        });
    }

    /**
     * Runs {@code work} once the session's first rows are on screen, or after {@link #FIRST_SCREEN_AT_MOST} (an
     * empty day): on two cores, libjitsi's start and device discovery in parallel would slow the first screen by
     * seconds, and neither is needed before the first call or device check.
     */
    private static void afterFirstRows(Session session, Runnable work) {
        ObservableList<?> rows = session.shownRows();
        boolean[] done = {false};
        Runnable once = () -> {
            if (!done[0]) {
                done[0] = true;
                work.run();
            }
        };
        if (!rows.isEmpty()) {
            once.run();
            return;
        }
        rows.addListener(new ListChangeListener<Object>() {
            @Override
            public void onChanged(Change<?> change) {
                if (!rows.isEmpty()) {
                    rows.removeListener(this);
                    // After the pulse that lays the rows out and draws them.
                    Platform.runLater(once);
                }
            }
        });
        PauseTransition fallback = new PauseTransition(FIRST_SCREEN_AT_MOST);
        fallback.setOnFinished(e -> once.run());
        fallback.play();
    }

    /** Back to the login form at once; the session drains and the server forgets it in the background. */
    private void signOut() {
        mainWindow.stop();
        mainWindow = null;
        Session ending = session;
        session = null;
        signedOut = ending.end().handleAsync((drained, failure) -> {
            context.api().logout();
            return null;
        }, context.background());
        showLogin();
    }

    private void show(Parent root, String title) {
        scene.setRoot(root);
        stage.setTitle(title);
    }

    /** Start-up measurement: the queue counts as shown once its rows are in the table. */
    private void exitOnceQueueShows() {
        ObservableList<?> rows = session.shownRows();
        rows.addListener(new ListChangeListener<Object>() {
            @Override
            public void onChanged(Change<?> change) {
                if (!rows.isEmpty()) {
                    rows.removeListener(this);
                    StartupTrace.mark("rows");
                    // One more pulse so the rows are laid out and drawn.
                    Platform.runLater(VideoberatungApp::reportStartTimeAndExit);
                }
            }
        });
    }

    private static void reportStartTimeAndExit() {
        StartupTrace.mark("queue-shown");
        System.out.println("QUEUE_SHOWN " + StartupTrace.sinceJvmStart());
        // Closing the last window ends the app as the user would: the launcher stops it, then the toolkit.
        new ArrayList<>(Window.getWindows()).forEach(Window::hide);
    }

    /** The running services, once wired; for tests. */
    public AppContext context() {
        return context;
    }

    /** The signed-in session, null while signed out; for tests. */
    public Session session() {
        return session;
    }

    /** The advisor's session, null while signed out or signed in in another role; for tests. */
    public AdvisorSession advisor() {
        return session instanceof AdvisorSession advisor ? advisor : null;
    }

    /** The admin's session, null while signed out or signed in in another role; for tests. */
    public AdminSession admin() {
        return session instanceof AdminSession admin ? admin : null;
    }

    /** The team lead's session, null while signed out or signed in in another role; for tests. */
    public TeamLeadSession teamLead() {
        return session instanceof TeamLeadSession lead ? lead : null;
    }

    @Override
    public void stop() {
        synchronized (this) {
            stopped = true;
        }
        if (mainWindow != null) {
            mainWindow.stop();
        }
        // The session first: its threads still write to the store the context closes.
        if (session != null) {
            session.close();
        }
        signedOut.join();
        if (context != null) {
            context.close();
        }
        if (ownsDevices && devices != null) {
            devices.thenAccept(d -> {
                if (d != null) {
                    d.close();
                }
            });
        }
    }
}
