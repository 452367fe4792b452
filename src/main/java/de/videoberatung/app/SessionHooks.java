package de.videoberatung.app;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.stage.Window;

/**
 * What a session needs from the window it is shown in.
 *
 * @param fxThread runs work on the FX thread ({@code Platform::runLater}; direct in plain unit tests)
 * @param notices shows a short message in the main window
 * @param owner the main window, as owner of dialogs and notifications (null before it is shown)
 */
public record SessionHooks(Executor fxThread, Consumer<String> notices, Supplier<Window> owner) {
}
