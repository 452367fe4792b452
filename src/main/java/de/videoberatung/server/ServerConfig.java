package de.videoberatung.server;

import de.videoberatung.server.invitations.InvitationOptions;
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
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        LDAP_URL("ldap.url", "URL", "directory sign-in: ldap://host:389 or ldaps://host:636 (default: none)"),
        LDAP_USER_DN_PATTERN("ldap.user.dn.pattern", "DN", "a user's DN, {0} for the user name"),
        LDAP_SEARCH_BASE("ldap.search.base", "DN", "or: where users are searched (instead of the DN pattern)"),
        LDAP_SEARCH_FILTER("ldap.search.filter", "FILTER", "the search, {0} for the user name (default: (uid={0}))"),
        LDAP_BIND_DN("ldap.bind.dn", "DN", "who searches (default: anonymous, then the user)"),
        LDAP_BIND_PASSWORD("ldap.bind.password", "PASSWORD", "the password of ldap.bind.dn"),
        LDAP_GROUP_ADVISOR("ldap.group.advisor", "DN", "members of this group sign in as advisors"),
        LDAP_GROUP_TEAMLEAD("ldap.group.teamlead", "DN", "... as team leads"),
        LDAP_GROUP_ADMIN("ldap.group.admin", "DN", "... as admins"),
        LDAP_TEAM_ATTRIBUTE("ldap.team.attribute", "NAME", "the user's attribute that names their team"),
        LDAP_TEAM_GROUP_BASE("ldap.team.group.base", "DN", "or: groups under this DN are teams (their cn)"),
        RETENTION_DAYS("retention.days", "DAYS", "call records and customers' contact data kept (default: 90)"),
        RETENTION_NOTES_DAYS("retention.notes.days", "DAYS", "case notes kept (default: kept, see docs/privacy.md)"),
        MAIL_SMTP_HOST("mail.smtp.host", "HOST", "SMTP server for invitations and reminders (absent: no mails)"),
        MAIL_SMTP_PORT("mail.smtp.port", "N", "SMTP port (default: 587)"),
        MAIL_SMTP_STARTTLS("mail.smtp.starttls", "true|false", "require STARTTLS (default: true)"),
        MAIL_SMTP_USER("mail.smtp.user", "USER", "SMTP user name (absent: no authentication)"),
        MAIL_SMTP_PASSWORD("mail.smtp.password", "PASSWORD", "SMTP password"),
        MAIL_FROM("mail.from", "ADDRESS", "sender of invitations, the calendar entry's organiser"),
        MAIL_CONTACT("mail.contact", "TEXT", "how customers cancel or reach the Jobcenter, in every message"),
        SMS_GATEWAY_URL("sms.gateway.url", "URL", "HTTP gateway that SMS are POSTed to (absent: no SMS)"),
        SMS_GATEWAY_TOKEN("sms.gateway.token", "TOKEN", "bearer token for the SMS gateway"),
        REMINDER_OFFSETS("reminder.offsets", "DURATIONS", "reminders this long before the start (default: P1D,PT1H)"),
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
            builder.sessionIdle(positive(Key.SESSION_IDLE, values.get(Key.SESSION_IDLE), ChronoUnit.MINUTES));
        }
        if (values.containsKey(Key.DEMO_TIME)) {
            builder.demoTime(time(values.get(Key.DEMO_TIME)));
        }
        if (values.containsKey(Key.PUBLIC_URL)) {
            builder.publicUrl(url(values.get(Key.PUBLIC_URL), Key.PUBLIC_URL));
        }
        builder.stunUrls(urls(values.getOrDefault(Key.STUN_URLS, "")))
                .turn(urls(values.getOrDefault(Key.TURN_URLS, "")), values.get(Key.TURN_SECRET));
        if (values.containsKey(Key.TURN_TTL)) {
            builder.turnTtl(seconds(Key.TURN_TTL, values.get(Key.TURN_TTL)));
        }
        if (values.containsKey(Key.LDAP_URL)) {
            builder.directory(new DirectoryOptions(values.get(Key.LDAP_URL), values.get(Key.LDAP_USER_DN_PATTERN),
                    values.get(Key.LDAP_SEARCH_BASE), values.get(Key.LDAP_SEARCH_FILTER), values.get(Key.LDAP_BIND_DN),
                    values.get(Key.LDAP_BIND_PASSWORD), values.get(Key.LDAP_GROUP_ADVISOR),
                    values.get(Key.LDAP_GROUP_TEAMLEAD), values.get(Key.LDAP_GROUP_ADMIN),
                    values.get(Key.LDAP_TEAM_ATTRIBUTE), values.get(Key.LDAP_TEAM_GROUP_BASE)));
        } else if (values.keySet().stream().anyMatch(k -> k.key().startsWith("ldap."))) {
            throw new IllegalArgumentException("ldap.* keys need ldap.url");
        }
        builder.retention(days(Key.RETENTION_DAYS, values.getOrDefault(Key.RETENTION_DAYS, "90")),
                values.containsKey(Key.RETENTION_NOTES_DAYS)
                        ? days(Key.RETENTION_NOTES_DAYS, values.get(Key.RETENTION_NOTES_DAYS)) : null);
        return builder.invitations(invitations(values)).build();
    }

    private static InvitationOptions invitations(Map<Key, String> values) {
        InvitationOptions options = InvitationOptions.off();
        if (values.containsKey(Key.MAIL_SMTP_HOST)) {
            String portValue = values.getOrDefault(Key.MAIL_SMTP_PORT, "587");
            int smtpPort = port(portValue);
            if (smtpPort == 0) {
                throw new IllegalArgumentException("mail.smtp.port must be a number from 1 to 65535: " + portValue);
            }
            options = options.withMail(values.get(Key.MAIL_SMTP_HOST), smtpPort,
                    bool(Key.MAIL_SMTP_STARTTLS, values.getOrDefault(Key.MAIL_SMTP_STARTTLS, "true")),
                    values.get(Key.MAIL_SMTP_USER), values.get(Key.MAIL_SMTP_PASSWORD), values.get(Key.MAIL_FROM));
        }
        if (values.containsKey(Key.SMS_GATEWAY_URL)) {
            options = options.withSms(url(values.get(Key.SMS_GATEWAY_URL), Key.SMS_GATEWAY_URL),
                    values.get(Key.SMS_GATEWAY_TOKEN));
        }
        if (values.containsKey(Key.REMINDER_OFFSETS)) {
            options = options.withReminders(durations(Key.REMINDER_OFFSETS, values.get(Key.REMINDER_OFFSETS)));
        }
        return options.withContact(values.get(Key.MAIL_CONTACT));
    }

    /** ISO-8601 durations, comma-separated ({@code P1D,PT1H}); empty: none. */
    private static List<Duration> durations(Key key, String value) {
        try {
            return urls(value).stream().map(Duration::parse).toList();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key.key() + " must be ISO-8601 durations such as P1D,PT1H: " + value,
                    e);
        }
    }

    private static boolean bool(Key key, String value) {
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
            throw new IllegalArgumentException(key.key() + " must be true or false: " + value);
        }
        return Boolean.parseBoolean(value);
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
        return positive(key, value, ChronoUnit.SECONDS);
    }

    private static Duration days(Key key, String value) {
        return positive(key, value, ChronoUnit.DAYS);
    }

    private static Duration positive(Key key, String value, ChronoUnit unit) {
        try {
            long n = Long.parseLong(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return unit.getDuration().multipliedBy(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.key() + " must be a positive number of "
                    + unit.toString().toLowerCase(Locale.ROOT) + ": " + value, e);
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

    private static URI url(String value, Key key) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException(key.key() + " must be an http(s) address: " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key.key() + " is not an address: " + value, e);
        }
    }
}
