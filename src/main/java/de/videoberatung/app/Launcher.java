package de.videoberatung.app;

import de.videoberatung.server.ServerMain;
import java.util.Arrays;
import javafx.application.Application;

/**
 * Entry point of {@code videoberatung.jar}. Kept apart from the {@link Application} subclass so the jar
 * starts with JavaFX on the plain class path.
 *
 * <ul>
 *   <li>{@code java -jar videoberatung.jar [--server URL] [--demo] ...}: the desktop app</li>
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
        // Before the first logger is created: logback reads it to place the log file.
        System.setProperty("videoberatung.logDir", config.logDir().toString());
        Application.launch(VideoberatungApp.class, args);
    }
}
