package de.videoberatung.app;

import de.videoberatung.server.ServerMain;
import java.util.Arrays;

/**
 * Entry point of {@code videoberatung.jar}. It names no JavaFX type, so the slim server bundle (no JavaFX on its
 * class path) starts through it too.
 *
 * <ul>
 *   <li>{@code java -jar videoberatung.jar [--server URL] [--demo] ...}: the desktop app ({@link DesktopMain})</li>
 *   <li>{@code java -jar videoberatung.jar server [--demo] [--port N] [--data DIR]}: the server alone</li>
 * </ul>
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("server")) {
            ServerMain.run(Arrays.asList(args).subList(1, args.length));
            return;
        }
        DesktopMain.run(args);
    }
}
