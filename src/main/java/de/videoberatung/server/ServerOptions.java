package de.videoberatung.server;

import de.videoberatung.api.DayZone;
import de.videoberatung.server.invitations.InvitationOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything the reference server is configured with. Build with {@link #builder(Path)}.
 *
 * @param bindAddress where to listen; demo mode always uses loopback
 * @param port TCP port, 0 for any free one
 * @param dataDir where the SQLite file lives
 * @param demo seed demo accounts and today's appointments
 * @param demoTime in demo mode, the time of day the demo day is seeded for (null: now)
 * @param publicUrl the address customers' browsers reach the server at, for join links (null: the bound address)
 * @param zone the job centre's time zone: "a day" means a day there
 * @param joinOpensBefore how long before the start a join link becomes valid
 * @param joinClosesAfter how long after the planned end a join link stays valid
 * @param maxRequestBytes larger request bodies are refused with 413
 * @param passwordIterations PBKDF2 cost for new password hashes
 * @param stunUrls {@code stun.urls}: STUN servers handed to both ends of a call (empty: none)
 * @param turnUrls {@code turn.urls}: TURN relays ({@code turn:}/{@code turns:}, UDP, TCP, TLS); empty: no relay
 * @param turnSecret {@code turn.secret}: coturn's {@code static-auth-secret}, required with {@code turnUrls}
 * @param turnTtl {@code turn.ttl}: how long an issued TURN credential is valid
 * @param directory {@code ldap.*}: sign-in with the directory's password; null: local accounts only
 * @param retention {@code retention.days}: how long call records and customers' contact data are kept
 * @param notesRetention {@code retention.notes.days}: how long case notes are kept; null: kept (docs/privacy.md)
 * @param invitations mail, SMS and reminders ({@code mail.*}, {@code sms.*}, {@code reminder.offsets})
 * @param tlsCert {@code tls.cert}: PEM certificate chain, server certificate first (null: plain HTTP, e.g. behind
 *                a TLS proxy)
 * @param tlsKey {@code tls.key}: PEM private key of {@code tlsCert} (PKCS#8, PKCS#1 or EC)
 * @param tlsReloadInterval how often the PEM files are checked for a renewed certificate
 * @param publicPort {@code public.port}: the customers' door on its own listener (null: one listener for all)
 * @param sessionIdle {@code session.idle}: a session unused this long is over
 * @param signInLimits how failed sign-ins are throttled
 * @param streamCheck how often open event streams are checked against their sessions (expired, or ended by the
 *                    admin command, another process)
 */
public record ServerOptions(
        String bindAddress,
        int port,
        Path dataDir,
        boolean demo,
        LocalTime demoTime,
        URI publicUrl,
        ZoneId zone,
        Clock clock,
        Duration joinOpensBefore,
        Duration joinClosesAfter,
        long maxRequestBytes,
        int passwordIterations,
        List<String> stunUrls,
        List<String> turnUrls,
        String turnSecret,
        Duration turnTtl,
        DirectoryOptions directory,
        Duration retention,
        Duration notesRetention,
        InvitationOptions invitations,
        Path tlsCert,
        Path tlsKey,
        Duration tlsReloadInterval,
        Integer publicPort,
        Duration sessionIdle,
        SignInGuard.Limits signInLimits,
        Duration streamCheck) {

    public static final String LOOPBACK = "127.0.0.1";
    static final int DEMO_PASSWORD_ITERATIONS = 1_000;

    public ServerOptions {
        if (demo) {
            // Demo accounts have a published password: never reachable from the network.
            bindAddress = LOOPBACK;
            // ...and an expensive hash of it protects nothing but delays the demo's start and sign-in.
            passwordIterations = Math.min(passwordIterations, DEMO_PASSWORD_ITERATIONS);
        }
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
        IceServerIssuer.validate(stunUrls, turnUrls, turnSecret, turnTtl);
        if (retention.isNegative() || retention.isZero()
                || notesRetention != null && (notesRetention.isNegative() || notesRetention.isZero())) {
            throw new IllegalArgumentException("retention periods must be at least one day");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("tls.cert and tls.key go together: give both or neither");
        }
        if (!demo && (publicUrl == null || !"https".equalsIgnoreCase(publicUrl.getScheme()))) {
            // Phones give camera and microphone only to HTTPS pages, and every join link is made from it.
            throw new IllegalArgumentException("public.url must be the https:// address customers reach the server "
                    + "at (set it in the configuration; plain http is for --demo only): "
                    + (publicUrl == null ? "missing" : publicUrl));
        }
        if (publicPort != null && (publicPort < 0 || publicPort > 65535 || (publicPort != 0 && publicPort == port))) {
            throw new IllegalArgumentException("public.port must be a port from 0 to 65535 other than port: "
                    + publicPort);
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero()) {
            throw new IllegalArgumentException("session.idle must be positive: " + sessionIdle);
        }
        if (streamCheck.isNegative() || streamCheck.isZero()) {
            throw new IllegalArgumentException("the stream check interval must be positive: " + streamCheck);
        }
    }

    /** Whether the server speaks TLS itself. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** Defaults: loopback, any free port, Berlin time, join links valid 15 min before to 30 min after. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Collects options; every setter returns the builder. */
    public static final class Builder {
        private String bindAddress = LOOPBACK;
        private int port;
        private final Path dataDir;
        private boolean demo;
        private LocalTime demoTime;
        private URI publicUrl;
        private ZoneId zone = DayZone.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration joinOpensBefore = Duration.ofMinutes(15);
        private Duration joinClosesAfter = Duration.ofMinutes(30);
        private long maxRequestBytes = 1_000_000;
        private int passwordIterations = PasswordHasher.DEFAULT_ITERATIONS;
        private List<String> stunUrls = List.of();
        private List<String> turnUrls = List.of();
        private String turnSecret;
        private Duration turnTtl = Duration.ofHours(1);
        private DirectoryOptions directory;
        private Duration retention = Duration.ofDays(90);
        private Duration notesRetention;
        private InvitationOptions invitations = InvitationOptions.off();
        private Path tlsCert;
        private Path tlsKey;
        private Duration tlsReloadInterval = Duration.ofMinutes(1);
        private Integer publicPort;
        private Duration sessionIdle = Duration.ofHours(2);
        private Duration streamCheck = Duration.ofSeconds(10);
        private SignInGuard.Limits signInLimits = SignInGuard.Limits.DEFAULT;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder demo(boolean value) {
            demo = value;
            return this;
        }

        public Builder demoTime(LocalTime value) {
            demoTime = value;
            return this;
        }

        public Builder publicUrl(URI value) {
            publicUrl = value;
            return this;
        }

        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder joinWindow(Duration opensBefore, Duration closesAfter) {
            joinOpensBefore = opensBefore;
            joinClosesAfter = closesAfter;
            return this;
        }

        public Builder maxRequestBytes(long value) {
            maxRequestBytes = value;
            return this;
        }

        public Builder passwordIterations(int value) {
            passwordIterations = value;
            return this;
        }

        public Builder stunUrls(List<String> value) {
            stunUrls = value;
            return this;
        }

        /** TURN relays and coturn's shared secret ({@code use-auth-secret}); no relay without both. */
        public Builder turn(List<String> urls, String secret) {
            turnUrls = urls;
            turnSecret = secret;
            return this;
        }

        public Builder turnTtl(Duration value) {
            turnTtl = value;
            return this;
        }

        /** Directory sign-in (LDAP); null for local accounts only. */
        public Builder directory(DirectoryOptions value) {
            directory = value;
            return this;
        }

        /** {@code retention.days} (default 90) and {@code retention.notes.days} (null: notes are kept). */
        public Builder retention(Duration records, Duration notes) {
            retention = records;
            notesRetention = notes;
            return this;
        }

        public Builder invitations(InvitationOptions value) {
            invitations = value;
            return this;
        }

        /** Serve HTTPS from these PEM files, re-read when they change. */
        public Builder tls(Path cert, Path key) {
            tlsCert = cert;
            tlsKey = key;
            return this;
        }

        public Builder tlsReloadInterval(Duration value) {
            tlsReloadInterval = value;
            return this;
        }

        /** The customers' door on its own port (0: any free one). */
        public Builder publicPort(Integer value) {
            publicPort = value;
            return this;
        }

        public Builder sessionIdle(Duration value) {
            sessionIdle = value;
            return this;
        }

        public Builder signInLimits(SignInGuard.Limits value) {
            signInLimits = value;
            return this;
        }

        /** How often open event streams are checked against their sessions (default 10 s). */
        public Builder streamCheck(Duration value) {
            streamCheck = value;
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(bindAddress, port, dataDir, demo, demoTime, publicUrl, zone, clock,
                    joinOpensBefore, joinClosesAfter, maxRequestBytes, passwordIterations,
                    stunUrls, turnUrls, turnSecret, turnTtl, directory, retention, notesRetention, invitations,
                    tlsCert, tlsKey, tlsReloadInterval, publicPort, sessionIdle, signInLimits, streamCheck);
        }
    }
}
