package de.videoberatung.app;

import de.videoberatung.devices.DeviceServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Starts and stops the real app for UI tests: in the TestFX stage, with the test JVM's device services. */
public final class TestApps {

    /** How long a test waits for the app to start: seconds on a quiet machine, far more on a loaded one. */
    public static final int START_SECONDS = 60;

    private TestApps() {
    }

    /** Launches the app with {@code config}; its device preferences live in {@code dataDir}. */
    public static VideoberatungApp launch(AppConfig config, Path dataDir) throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        return (VideoberatungApp) FxToolkit.setupApplication(() -> new VideoberatungApp(config, Clock.systemUTC(),
                () -> TestDevices.services(dataDir)));
    }

    /** Waits until {@code condition} holds, checking it after the pending FX events have run. */
    public static void waitFor(int seconds, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }

    /**
     * Waits until the sign-in form is on screen, looked for on the FX thread: a query from the test thread can meet
     * the form half attached (a node whose scene is not set yet) while the FX thread puts it into the scene.
     */
    public static void waitForSignInForm(int seconds) throws TimeoutException {
        FxRobot robot = new FxRobot();
        waitFor(seconds, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup("#username").tryQuery()
                .filter(n -> n.getScene() != null && n.isVisible()).isPresent()
                && robot.lookup("#signIn").tryQuery().isPresent()).get());
    }

    /**
     * Waits until the texts {@code shown} returns include every one of {@code expected}: a table lays out its rows
     * on a later pulse than its model changes, which on a loaded machine comes well after the change. Fails
     * naming what was shown.
     */
    public static void waitUntilShown(int seconds, Supplier<List<String>> shown, String... expected) {
        try {
            waitFor(seconds, () -> shown.get().containsAll(List.of(expected)));
        } catch (TimeoutException e) {
            throw new AssertionError("not shown within " + seconds + " s: " + List.of(expected) + "; shown: "
                    + shown.get(), e);
        }
    }

    /**
     * Stops the app and hides every window it left, so later UI tests click into their own windows.
     * The shared camera service stays; the audio poller of this app's device services stops.
     */
    public static void stop(VideoberatungApp app) throws TimeoutException {
        if (app != null) {
            if (app.context() != null) {
                DeviceServices devices = app.context().devices().handle((d, failure) -> d).join();
                if (devices != null) {
                    devices.audio().close();
                }
            }
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
    }
}
