package de.videoberatung.server;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The server's configuration: {@code server --config FILE} reads Java properties, and every key can also be
 * given on the command line with its dots as dashes ({@code public.url} → {@code --public-url URL}); the
 * command line wins. Unknown keys are refused with a message that names them. The one list of keys is
 * {@link Key}: the file, the command line (parsed by picocli) and the usage text all come from it.
 */
public final class ServerConfig {

    /** Every key the server knows. A new key is one more constant here and its use in {@link #options}. */
    public enum Key {
        DATA("data", "DIR", "data folder (default: videoberatung-data)"),
        PORT("port", "N", "HTTP port (default: 8080)"),
        BIND("bind", "ADDR", "address to listen on (default: 127.0.0.1, loopback; 0.0.0.0: every interface)"),
        PUBLIC_URL("public.url", "URL", "address customers' browsers reach the server at, for join links"),
        DEMO("demo", null, "demo data for today, loopback only"),
        DEMO_TIME("demo.time", "HH:MM", "in demo mode, the time of day the demo day is seeded for"),
        STUN_URLS("stun.urls", "URLS", "comma-separated stun: URLs handed to both ends of a call"),
        TURN_URLS("turn.urls", "URLS", "comma-separated turn:/turns: URLs (UDP, TCP, TLS on 443)"),
        TURN_SECRET("turn.secret", "SECRET", "coturn's static-auth-secret: signs short-lived credentials"),
        TURN_TTL("turn.ttl", "SECONDS", "how long an issued TURN credential is valid (default: 3600)"),
        PUBLIC_PORT("public.port", "N", "the customers' door (join page, join API, health) on its own port"),
        TLS_CERT("tls.cert", "FILE", "PEM certificate chain: serve HTTPS (re-read when the file changes)"),
        TLS_KEY("tls.key", "FILE", "PEM private key of tls.cert (PKCS#8, PKCS#1 or EC)"),
        SESSION_IDLE("session.idle", "MINUTES", "a sign-in unused this long is over (default: 120)");

        private final String name;
        private final String valueLabel;
        private final String description;

        Key(String name, String valueLabel, String description) {
            this.name = name;
            this.valueLabel = valueLabel;
            this.description = description;
        }

        /** The key as written in the properties file. */
        public String key() {
            return name;
        }

        /** The key as a command-line option. */
        public String option() {
            return "--" + name.replace('.', '-');
        }

        boolean flag() {
            return valueLabel == null;
        }
    }

    private static final String CONFIG = "--config";

    private ServerConfig() {
    }

    /**
     * Reads the command line (and the file it names) into the server's options.
     *
     * @throws IllegalArgumentException with a message for the operator: an unknown option or key, a missing
     *                                  or malformed value, an unreadable file
     */
    public static ServerOptions parse(List<String> args) {
        CommandLine command = new CommandLine(spec());
        ParseResult parsed;
        try {
            parsed = command.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<Key, String> values = new TreeMap<>();
        if (parsed.hasMatchedOption(CONFIG)) {
            values.putAll(readFile(parsed.matchedOptionValue(CONFIG, Path.of(""))));
        }
        for (Key key : Key.values()) {
            if (parsed.hasMatchedOption(key.option())) {
                values.put(key, key.flag() ? "true" : parsed.matchedOptionValue(key.option(), ""));
            }
        }
        return options(values);
    }

    /** Whether the command line asks for the usage text ({@code --help}). */
    public static boolean helpRequested(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The usage text, generated from {@link Key}. */
    public static String usage() {
        return new CommandLine(spec()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("videoberatung server");
        spec.usageMessage().description("The consultation server alone.");
        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(Path.class)
                .description("Java properties with any of the keys below (dots for dashes); the command line wins")
                .build());
        for (Key key : Key.values()) {
            OptionSpec.Builder option = OptionSpec.builder(key.option()).description(key.description);
            if (key.flag()) {
                option.arity("0").type(boolean.class);
            } else {
                option.paramLabel(key.valueLabel).type(String.class);
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("this text").build());
        return spec;
    }

    private static Map<Key, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        Map<String, Key> known = Arrays.stream(Key.values()).collect(Collectors.toMap(Key::key, k -> k));
        List<String> unknown = properties.stringPropertyNames().stream().filter(k -> !known.containsKey(k))
                .sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + " in " + file + "; known keys: "
                    + Arrays.stream(Key.values()).map(Key::key).collect(Collectors.joining(", ")));
        }
        Map<Key, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(known.get(k), properties.getProperty(k).trim()));
        return values;
    }

    private static ServerOptions options(Map<Key, String> values) {
        ServerOptions.Builder builder = ServerOptions.builder(Path.of(values.getOrDefault(Key.DATA,
                        "videoberatung-data")))
                .demo(Boolean.parseBoolean(values.getOrDefault(Key.DEMO, "false")))
                .port(port(values.getOrDefault(Key.PORT, "8080")))
                .bindAddress(values.getOrDefault(Key.BIND, ServerOptions.LOOPBACK));
        if (values.containsKey(Key.PUBLIC_PORT)) {
            builder.publicPort(port(values.get(Key.PUBLIC_PORT)));
        }
        if (values.containsKey(Key.TLS_CERT) || values.containsKey(Key.TLS_KEY)) {
            builder.tls(file(Key.TLS_CERT, values.get(Key.TLS_CERT)), file(Key.TLS_KEY, values.get(Key.TLS_KEY)));
        }
        if (values.containsKey(Key.SESSION_IDLE)) {
            builder.sessionIdle(Duration.ofMinutes(positive(Key.SESSION_IDLE, values.get(Key.SESSION_IDLE),
                    "minutes")));
        }
        if (values.containsKey(Key.DEMO_TIME)) {
            builder.demoTime(time(values.get(Key.DEMO_TIME)));
        }
        if (values.containsKey(Key.PUBLIC_URL)) {
            builder.publicUrl(url(values.get(Key.PUBLIC_URL)));
        }
        builder.stunUrls(urls(values.getOrDefault(Key.STUN_URLS, "")))
                .turn(urls(values.getOrDefault(Key.TURN_URLS, "")), values.get(Key.TURN_SECRET));
        if (values.containsKey(Key.TURN_TTL)) {
            builder.turnTtl(seconds(Key.TURN_TTL, values.get(Key.TURN_TTL)));
        }
        return builder.build();
    }

    /** A comma-separated list of URLs (the {@code stun.urls}/{@code turn.urls} form). */
    private static List<String> urls(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    private static Path file(Key key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("tls.cert and tls.key go together: " + key.key() + " is missing");
        }
        Path file = Path.of(value);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key.key() + " is not a readable file: " + value);
        }
        return file;
    }

    private static Duration seconds(Key key, String value) {
        return Duration.ofSeconds(positive(key, value, "seconds"));
    }

    private static long positive(Key key, String value, String unit) {
        try {
            long number = Long.parseLong(value);
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.key() + " must be a positive number of " + unit + ": " + value, e);
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535: " + value, e);
        }
    }

    private static LocalTime time(String value) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("demo.time must be HH:MM: " + value, e);
        }
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("public.url must be an http(s) address: " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("public.url is not an address: " + value, e);
        }
    }
}
