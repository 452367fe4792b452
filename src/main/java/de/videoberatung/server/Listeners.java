package de.videoberatung.server;

import de.videoberatung.threads.NamedThreads;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's listeners ("doors"): the staff door on {@code port}, and with {@code public.port} the customers'
 * door on its own listener; both plain HTTP or, with {@code tls.cert}/{@code tls.key}, HTTPS whose certificate is
 * re-read when the files change (an ACME client renewing it needs no restart).
 *
 * <p>TLS follows BSI TR-02102-2: TLS 1.2 and 1.3 only, forward-secret (ECDHE) AEAD suites only, no
 * renegotiation. Which routes each door serves is {@link #refuseOnWrongDoor}.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** TR-02102-2 (2024), table 1 and 2; ChaCha20 is not among its recommended suites. */
    static final String[] CIPHER_SUITES = {
        "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};

    static final String NAMED_GROUPS = "jdk.tls.namedGroups";
    /** The JDK has none of the Brainpool groups for TLS 1.3; the suites above leave finite-field DH out anyway. */
    static final List<String> KEY_EXCHANGE_GROUPS = List.of("secp256r1", "secp384r1", "secp521r1");

    /** The customers' surface; everything else is the staff's. Health answers on both doors. */
    private static final List<String> CUSTOMER_PREFIXES = List.of("/j/", "/web/", "/api/v1/join/");
    static final String HEALTH = "/api/v1/health";

    private final ServerOptions options;
    private final List<SslContextFactory.Server> tlsFactories = new ArrayList<>();
    private ServerConnector staff;
    private ServerConnector customers;
    private ScheduledExecutorService watcher;
    private byte[] loadedDigest;

    Listeners(ServerOptions options) {
        this.options = options;
    }

    /** Adds the connectors to Javalin's Jetty: staff first (Javalin's {@code port()} is the first one's). */
    void configure(JavalinConfig config, int staffPort, int customerPort) {
        KeyStore identity = options.tls() ? PemKeys.load(options.tlsCert(), options.tlsKey()) : null;
        if (identity != null) {
            applyJdkTlsSettings();
        }
        if (identity != null) {
            loadedDigest = digest();
        }
        config.jetty.addConnector((server, http) -> {
            staff = connector(server, http, identity, staffPort, "staff");
            return staff;
        });
        if (options.publicPort() != null) {
            config.jetty.addConnector((server, http) -> {
                customers = connector(server, http, identity, customerPort, "customers");
                return customers;
            });
        }
    }

    private ServerConnector connector(Server server, HttpConfiguration http, KeyStore identity, int port,
                                      String name) {
        ServerConnector connector;
        if (identity == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            HttpConfiguration https = new HttpConfiguration(http);
            // HSTS is set with the other headers (SecurityHeaders); SNI is not required (IP-address clients).
            https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            SslContextFactory.Server tls = tlsFactory(identity);
            tlsFactories.add(tls);
            connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(https));
        }
        connector.setName(name);
        connector.setHost(options.bindAddress());
        connector.setPort(port);
        return connector;
    }

    /**
     * Client-initiated renegotiation (TLS 1.2) costs the server a handshake per request of the client: refused
     * in the JDK itself (Jetty's renegotiation flag only drops the connection afterwards). The JDK reads this
     * once, before its first TLS handshake; ServerMain sets it at start, this covers embedded use. The same holds
     * for the key-exchange groups.
     */
    static void applyJdkTlsSettings() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // TR-02102-2 (2024), table 9: NIST and Brainpool curves for the key exchange, not X25519/X448. The JDK
        // offers no per-connector choice before Java 20; an operator's own setting wins.
        if (System.getProperty(NAMED_GROUPS) == null) {
            System.setProperty(NAMED_GROUPS, String.join(",", KEY_EXCHANGE_GROUPS));
        }
    }

    private static SslContextFactory.Server tlsFactory(KeyStore identity) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(identity);
        tls.setKeyStorePassword(new String(PemKeys.STORE_PASSWORD));
        tls.setCertAlias(PemKeys.ALIAS);
        tls.setIncludeProtocols(PROTOCOLS);
        tls.setExcludeProtocols();
        tls.setIncludeCipherSuites(CIPHER_SUITES);
        tls.setExcludeCipherSuites();
        tls.setUseCipherSuitesOrder(true);
        tls.setRenegotiationAllowed(false);
        return tls;
    }

    /** Starts watching the PEM files (after Jetty started). */
    void started() {
        if (!options.tls()) {
            return;
        }
        watcher = NamedThreads.scheduled("tls-reload");
        long every = options.tlsReloadInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    void stopped() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
        tlsFactories.clear();
    }

    /** Re-reads the PEM files when their content changed; a half-written pair is retried at the next change. */
    private void reloadIfChanged() {
        byte[] now = digest();
        if (now == null || Arrays.equals(now, loadedDigest)) {
            return;
        }
        loadedDigest = now;
        try {
            KeyStore identity = PemKeys.load(options.tlsCert(), options.tlsKey());
            for (SslContextFactory.Server tls : tlsFactories) {
                tls.reload(f -> f.setKeyStore(identity));
            }
            LOG.info("TLS certificate reloaded from {}", options.tlsCert());
        } catch (Exception e) {
            LOG.warn("TLS certificate files changed but could not be loaded, keeping the previous one: {}",
                    e.getMessage());
        }
    }

    private byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(options.tlsCert()));
            sha.update(Files.readAllBytes(options.tlsKey()));
            return sha.digest();
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int staffPort() {
        return staff.getLocalPort();
    }

    /** The customers' port, or -1 without {@code public.port}. */
    int customerPort() {
        return customers != null ? customers.getLocalPort() : -1;
    }

    static boolean customerPath(String path) {
        return HEALTH.equals(path) || CUSTOMER_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /**
     * With two doors: staff routes answer 404 on the customers' door, the customers' routes 404 on the staff
     * door (health answers on both). Requests and WebSocket upgrades alike.
     */
    void refuseOnWrongDoor(Context ctx) {
        if (customers == null) {
            return;
        }
        String path = ctx.path();
        boolean onCustomerDoor = ctx.req().getLocalPort() == customers.getLocalPort();
        boolean customerRoute = customerPath(path);
        if (onCustomerDoor != customerRoute && !HEALTH.equals(path)) {
            throw ApiProblem.notFound("NOT_FOUND", "No such endpoint");
        }
    }
}
