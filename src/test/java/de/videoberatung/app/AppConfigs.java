package de.videoberatung.app;

import java.nio.file.Path;
import java.util.List;

/** Configurations for tests and benchmarks that ignore this machine's configuration files. */
public final class AppConfigs {

    private AppConfigs() {
    }

    /** Demo mode with its data in {@code dataDir}, the demo day prepared for {@code demoTime} (HH:MM). */
    public static AppConfig demo(Path dataDir, String demoTime) {
        return AppConfig.load(List.of("--data-dir", dataDir.toString(), "--demo-time", demoTime), isolated(dataDir));
    }

    /** Against a configured server, so the app shows its login form. */
    public static AppConfig server(Path dataDir, java.net.URI server) {
        return AppConfig.load(List.of("--data-dir", dataDir.toString(), "--server", server.toString()),
                isolated(dataDir));
    }

    private static AppConfig.Locations isolated(Path dataDir) {
        return new AppConfig.Locations(dataDir.resolve("no-machine-config"), dataDir.resolve("no-user-config"),
                dataDir, dataDir.resolve("logs"));
    }
}
