package de.videoberatung.app;

import de.videoberatung.devices.DeviceServices;
import de.videoberatung.logging.LogSetup;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The desktop app's start, from {@link Launcher}. Kept apart from the {@link Application} subclass so the jar
 * starts with JavaFX on the plain class path.
 *
 * <p>The app's start-up work (local store, embedded server, demo sign-in) begins here, before the FX toolkit
 * starts, so the two run side by side (docs/architecture.md, "Start-up"). The toolkit is therefore started with
 * {@link Platform#startup} rather than {@link Application#launch}, and this class keeps the application's life
 * cycle: when the last window closes, {@link VideoberatungApp#stop()} runs, then the toolkit exits.
 */
final class DesktopMain {

    private DesktopMain() {
    }

    static void run(String[] args) {
        if (AppConfig.helpRequested(args)) {
            System.out.print(AppConfig.usage());
            System.out.println("       videoberatung server --help: the server's options");
            return;
        }
        AppConfig config;
        try {
            config = AppConfig.load(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(AppConfig.usage());
            System.exit(2);
            return;
        }
        if (config.exitAfterQueueShown()) {
            System.setProperty(StartupTrace.PROPERTY, "true");
        }
        StartupTrace.mark("config");
        LogSetup.logTo(config.logDir());
        // The UI speaks German: date pickers, number formats and system dialogs follow the default locale.
        Locale.setDefault(Locale.GERMANY);
        Clock clock = Clock.systemUTC();
        CompletableFuture<DeviceServices> devices = new CompletableFuture<>();
        CompletableFuture<AppStart.Started> starting = AppStart.begin(config, clock, devices);
        Platform.setImplicitExit(false);
        try {
            Platform.startup(() -> {
                VideoberatungApp app = VideoberatungApp.started(config, clock, devices, starting);
                exitWithLastWindow(app);
                app.start(new Stage());
            });
        } catch (RuntimeException e) {
            // No toolkit (no display, no GTK): the embedded server's threads must not keep the JVM alive.
            starting.thenAccept(started -> started.context().close());
            throw e;
        }
    }

    /** What {@link Application#launch} does at an implicit exit: stop the app, then the toolkit. */
    private static void exitWithLastWindow(VideoberatungApp app) {
        ObservableList<Window> windows = Window.getWindows();
        windows.addListener(new ListChangeListener<Window>() {
            @Override
            public void onChanged(Change<? extends Window> change) {
                if (windows.isEmpty()) {
                    windows.removeListener(this);
                    // After the hide that emptied the list has finished: the toolkit must outlive it.
                    Platform.runLater(() -> {
                        try {
                            app.stop();
                        } finally {
                            Platform.exit();
                        }
                    });
                }
            }
        });
    }
}
