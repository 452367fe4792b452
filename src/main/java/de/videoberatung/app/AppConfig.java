package de.videoberatung.app;

import de.videoberatung.api.DayZone;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The desktop app's configuration, read once at start-up.
 *
 * <p>Sources, highest precedence first (see docs/configuration.md):
 * <ol>
 *   <li>command line ({@code --server URL}, {@code --demo}, {@code --data-dir DIR}, ...)</li>
 *   <li>the user file: {@code %APPDATA%\Videoberatung\videoberatung.properties} or
 *       {@code $XDG_CONFIG_HOME/videoberatung/videoberatung.properties}</li>
 *   <li>the machine-wide file the installer writes: {@code %ProgramData%\Videoberatung\videoberatung.properties}
 *       or {@code /etc/videoberatung/videoberatung.properties}</li>
 *   <li>defaults: no server, so the embedded demo server runs</li>
 * </ol>
 *
 * @param serverUrl the consultation server, or null for the embedded demo server
 * @param dataDir the per-user folder of the local database
 * @param logDir the per-user folder of the log files
 * @param demoTime in demo mode, the time of day the demo data is prepared for (trainings, screenshots)
 * @param followUpMinutes a customer who has not joined this long after the start is flagged for follow-up
 * @param exitAfterQueueShown print the start-up time once the queue shows, then exit (benchmarks, smoke tests)
 * @param demoUser in demo mode, the account the app signs in as: {@code demo.berater} (advisor, the default) or
 *                 {@code demo.teamleitung} (team lead) or {@code demo.verwaltung} (admin)
 * @param zone the zone of the server's day (the job centre's): every time and day the app shows or computes is in
 *             this zone, never in the machine's (a PC set to UTC still shows an 08:00 appointment as 08:00)
 * @param cacheDays {@code cache.days}: cached appointments and synced notes of days further back are wiped from
 *                  this PC at start (docs/privacy.md)
 */
public record AppConfig(
        URI serverUrl,
        Path dataDir,
        Path logDir,
        LocalTime demoTime,
        int followUpMinutes,
        boolean exitAfterQueueShown,
        String demoUser,
        ZoneId zone,
        int cacheDays) {

    public static final String FILE_NAME = "videoberatung.properties";

    public boolean demo() {
        return serverUrl == null;
    }

    /** Reads all sources for this machine and user. */
    public static AppConfig load(String[] args) {
        Locations locations = Locations.forThisMachine(System.getenv(), System.getProperties());
        return load(Arrays.asList(args), locations);
    }

    static AppConfig load(List<String> args, Locations locations) {
        Properties merged = new Properties();
        merged.putAll(readFile(locations.machineConfig()));
        merged.putAll(readFile(locations.userConfig()));
        merged.putAll(parseArgs(args));
        String server = blankToNull(merged.getProperty("server.url"));
        if (Boolean.parseBoolean(merged.getProperty("demo"))) {
            server = null;
        }
        Path dataDir = merged.containsKey("data.dir") ? Path.of(merged.getProperty("data.dir")) : locations.dataDir();
        String demoTime = blankToNull(merged.getProperty("demo.time"));
        return new AppConfig(
                server == null ? null : parseServer(server),
                dataDir,
                merged.containsKey("data.dir") ? dataDir.resolve("logs") : locations.logDir(),
                demoTime == null ? null : LocalTime.parse(demoTime),
                Integer.parseInt(merged.getProperty("queue.followUpMinutes", "10")),
                Boolean.parseBoolean(merged.getProperty("exitAfterQueueShown")),
                merged.getProperty("demo.user", "demo.berater").trim(),
                parseZone(merged.getProperty("time.zone")),
                parseCacheDays(merged.getProperty("cache.days", "14")));
    }

    private static URI parseServer(String value) {
        URI uri = URI.create(value.trim());
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("server.url must be an http(s) address: " + value);
        }
        return uri;
    }

    private static int parseCacheDays(String value) {
        int days = Integer.parseInt(value.trim());
        if (days < 1) {
            throw new IllegalArgumentException("cache.days must be at least 1: " + value);
        }
        return days;
    }

    private static ZoneId parseZone(String value) {
        if (value == null || value.isBlank()) {
            return DayZone.DEFAULT;
        }
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time.zone must be a zone id such as Europe/Berlin: " + value);
        }
    }

    /** The app's command line; each option sets the key of the configuration files named beside it. */
    @Command(name = "videoberatung", description = "The Videoberatung desktop app.")
    static final class CommandLineOptions {
        @Option(names = "--server", paramLabel = "URL", description = "the consultation server (server.url)")
        String server;
        @Option(names = "--demo", description = "the embedded demo server, whatever the files say (demo)")
        boolean demo;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "the local data folder (data.dir)")
        String dataDir;
        @Option(names = "--demo-time", paramLabel = "HH:MM", description = "the demo day as at this time (demo.time)")
        String demoTime;
        @Option(names = "--demo-user", paramLabel = "NAME",
                description = "demo.berater, demo.teamleitung or demo.verwaltung (demo.user)")
        String demoUser;
        @Option(names = "--exit-after-queue-shown", description = "print the start-up time and exit (benchmarks)")
        boolean exitAfterQueueShown;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;

        Properties toProperties() {
            Properties p = new Properties();
            if (server != null) {
                p.setProperty("server.url", server);
            }
            if (demo) {
                p.setProperty("demo", "true");
            }
            if (dataDir != null) {
                p.setProperty("data.dir", dataDir);
            }
            if (demoTime != null) {
                p.setProperty("demo.time", demoTime);
            }
            if (demoUser != null) {
                p.setProperty("demo.user", demoUser);
            }
            if (exitAfterQueueShown) {
                p.setProperty("exitAfterQueueShown", "true");
            }
            return p;
        }
    }

    /** Whether the command line asks for the usage text ({@code --help}). */
    public static boolean helpRequested(String[] args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    /** The usage text of the app's command line. */
    public static String usage() {
        return new CommandLine(new CommandLineOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static Properties parseArgs(List<String> args) {
        CommandLineOptions options = new CommandLineOptions();
        try {
            new CommandLine(options).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return options.toProperties();
    }

    private static Properties readFile(Path file) {
        Properties p = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            // An INI section header written by the MSI ("[videoberatung]") reads as a harmless empty key.
            try (InputStream in = Files.newInputStream(file)) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Where this machine keeps the configuration files, the data and the logs. */
    record Locations(Path machineConfig, Path userConfig, Path dataDir, Path logDir) {

        static Locations forThisMachine(Map<String, String> env, Properties system) {
            boolean windows = system.getProperty("os.name", "").toLowerCase().startsWith("windows");
            Path home = Path.of(system.getProperty("user.home"));
            Path machine;
            Path user;
            Path data;
            Path logs;
            if (windows) {
                machine = Path.of(env.getOrDefault("ProgramData", "C:\\ProgramData"), "Videoberatung", FILE_NAME);
                user = Path.of(env.getOrDefault("APPDATA", home.resolve("AppData/Roaming").toString()),
                        "Videoberatung", FILE_NAME);
                data = Path.of(env.getOrDefault("LOCALAPPDATA", home.resolve("AppData/Local").toString()),
                        "Videoberatung");
                logs = data.resolve("logs");
            } else {
                machine = Path.of("/etc/videoberatung", FILE_NAME);
                user = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("videoberatung").resolve(FILE_NAME);
                data = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share")).resolve("videoberatung");
                logs = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("videoberatung/logs");
            }
            // For installer tests and unusual deployments: documented overrides of the two file locations.
            String machineOverride = system.getProperty("videoberatung.machineConfig");
            String userOverride = system.getProperty("videoberatung.userConfig");
            return new Locations(machineOverride != null ? Path.of(machineOverride) : machine,
                    userOverride != null ? Path.of(userOverride) : user, data, logs);
        }

        private static Path xdg(Map<String, String> env, String variable, Path fallback) {
            String value = env.get(variable);
            return value == null || value.isBlank() ? fallback : Path.of(value);
        }
    }
}
