package de.videoberatung.app;

import de.videoberatung.threads.NamedThreads;
import de.videoberatung.i18n.Messages;
import atlantafx.base.theme.PrimerLight;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.SessionResponse;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import de.videoberatung.devices.DeviceServices;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The desktop application: shows a start screen at once, wires the services in the background, then the UI. */
public final class VideoberatungApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(VideoberatungApp.class);

    private AppConfig config;
    private final Clock clock;
    private final Function<AppConfig, DeviceServices> deviceFactory;
    private final boolean ownsDevices;
    private CompletableFuture<DeviceServices> devices;
    private volatile AppContext context;
    private MainWindow mainWindow;
    private Stage stage;
    private Scene scene;

    /** Used by {@link Application#launch}: configuration from the command line and the config files. */
    public VideoberatungApp() {
        this(null, Clock.systemUTC(), c -> DeviceServices.startForThisMachine(c.demo(),
                c.dataDir().resolve("devices.properties")), true);
    }

    /** For tests: a given configuration and clock, and the test JVM's shared device services (not closed here). */
    public VideoberatungApp(AppConfig config, Clock clock, java.util.function.Supplier<DeviceServices> devices) {
        this(config, clock, c -> devices.get(), false);
    }

    private VideoberatungApp(AppConfig config, Clock clock, Function<AppConfig, DeviceServices> deviceFactory,
                             boolean ownsDevices) {
        this.config = config;
        this.clock = clock;
        this.deviceFactory = deviceFactory;
        this.ownsDevices = ownsDevices;
    }

    @Override
    public void start(Stage primaryStage) {
        if (config == null) {
            config = AppConfig.load(getParameters().getRaw().toArray(String[]::new));
        }
        stage = primaryStage;
        // The UI speaks German: date pickers, number formats and system dialogs follow the default locale.
        java.util.Locale.setDefault(java.util.Locale.GERMANY);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        Messages messages = Messages.german();
        ProgressIndicator progress = new ProgressIndicator();
        VBox starting = new VBox(12, progress, new Label(messages.get("app.starting")));
        starting.getStyleClass().add("start-screen");
        scene = new Scene(starting, 1280, 800);
        scene.getStylesheets().add(Objects.requireNonNull(
                VideoberatungApp.class.getResource("/de/videoberatung/app/app.css")).toExternalForm());
        stage.setTitle(messages.get("app.title"));
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();

        NamedThreads.start("app-start", this::wire);
    }

    private void wire() {
        try {
            devices = new CompletableFuture<>();
            AppContext ctx = AppContext.start(config, clock, devices);
            context = ctx;
            if (config.demo()) {
                SessionResponse session = ctx.signInDemo();
                Platform.runLater(() -> {
                    showMain(session);
                    startDevices();
                });
            } else {
                Platform.runLater(() -> {
                    showLogin();
                    startDevices();
                });
            }
        } catch (ApiException | RuntimeException e) {
            LOG.error("start-up failed", e);
            Messages messages = Messages.german();
            String text = messages.get("app.startFailed", messages.describe(e));
            Platform.runLater(() -> scene.setRoot(new VBox(new Label(text))));
        }
    }

    /**
     * Device discovery (cameras, libjitsi's audio system) takes a second or two of CPU: it starts once the
     * first screen is up, so it does not delay the queue; the status bar says "wird geprüft" meanwhile.
     */
    private void startDevices() {
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
        LoginModel login = new LoginModel(context.api(), context.messages(), context.io(), Platform::runLater,
                this::showMain);
        show(new LoginView(login, context.messages(), context.api().baseUri().toString()),
                context.messages().get("app.title"));
    }

    private void showMain(SessionResponse session) {
        mainWindow = new MainWindow(context, session, this::signOut);
        show(mainWindow.start(), mainWindow.title());
        if (config.exitAfterQueueShown()) {
            exitOnceQueueShows();
        }
    }

    /** Back to the login form; the local data stays, the session is forgotten. */
    private void signOut() {
        mainWindow.stop();
        mainWindow = null;
        // The server forgets the session in the background; the form is there at once.
        context.io().execute(context.api()::logout);
        showLogin();
    }

    private void show(Parent root, String title) {
        scene.setRoot(root);
        stage.setTitle(title);
    }

    /** Start-up measurement: the queue counts as shown once its rows are in the table. */
    private void exitOnceQueueShows() {
        mainWindow.shownRows().addListener(new ListChangeListener<Object>() {
            @Override
            public void onChanged(Change<?> change) {
                if (!mainWindow.shownRows().isEmpty()) {
                    mainWindow.shownRows().removeListener(this);
                    // One more pulse so the rows are laid out and drawn.
                    Platform.runLater(VideoberatungApp::reportStartTimeAndExit);
                }
            }
        });
    }

    private static void reportStartTimeAndExit() {
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("QUEUE_SHOWN " + sinceStart);
        Platform.exit();
    }

    /** The running services, once wired; for tests. */
    public AppContext context() {
        return context;
    }

    /** The main window, once signed in; for tests. */
    public MainWindow mainWindow() {
        return mainWindow;
    }

    @Override
    public void stop() {
        if (mainWindow != null) {
            mainWindow.stop();
        }
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
