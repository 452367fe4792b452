package de.videoberatung.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** Configurations for tests and benchmarks that ignore this machine's configuration files. */
public final class AppConfigs {

    private AppConfigs() {
    }

    /** Demo mode with its data in {@code dataDir}, the demo day prepared for {@code demoTime} (HH:MM). */
    public static AppConfig demo(Path dataDir, String demoTime) {
        return demoAs(dataDir, demoTime, "demo.berater");
    }

    /** Demo mode signed in as {@code user} ({@code demo.berater} or {@code demo.teamleitung}). */
    public static AppConfig demoAs(Path dataDir, String demoTime, String user) {
        return AppConfig.load(List.of("--data-dir", dataDir.toString(), "--demo-time", demoTime, "--demo-user", user),
                isolated(dataDir));
    }

    /** Against a configured server, so the app shows its login form. */
    public static AppConfig server(Path dataDir, URI server) {
        return AppConfig.load(List.of("--data-dir", dataDir.toString(), "--server", server.toString()),
                isolated(dataDir));
    }

    private static AppConfig.Locations isolated(Path dataDir) {
        return new AppConfig.Locations(dataDir.resolve("no-machine-config"), dataDir.resolve("no-user-config"),
                dataDir, dataDir.resolve("logs"));
    }
}
