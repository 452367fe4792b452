package de.videoberatung.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom the app trusts with its connection to the server: only {@code https://} addresses (plain {@code http://}
 * only to this machine, e.g. a local test server), and on Windows the certificates of the Windows certificate
 * store (SunMSCAPI's {@code Windows-ROOT}: where IT rolls out an internal CA by group policy) together with the
 * bundled runtime's {@code cacerts}, so an internal CA works without touching the runtime.
 */
final class ServerTrust {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTrust.class);
    static final String WINDOWS_ROOT = "Windows-ROOT";

    private ServerTrust() {
    }

    /** Whether the app may talk to this server: HTTPS, or HTTP to this machine only. */
    static boolean acceptable(URI server) {
        if (server == null || "https".equalsIgnoreCase(server.getScheme())) {
            return true;
        }
        String host = server.getHost();
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses: a name is not looked up (it could resolve elsewhere later).
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")
                    && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The key store types to trust on this operating system, in order: Windows adds its own store. */
    static List<String> storeTypes(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows")
                ? List.of("cacerts", WINDOWS_ROOT) : List.of("cacerts");
    }

    /** The TLS context for this machine's app: the runtime's CAs, plus Windows' on Windows. */
    static SSLContext forThisMachine() {
        List<KeyStore> stores = new ArrayList<>();
        for (String type : storeTypes(System.getProperty("os.name"))) {
            try {
                stores.add(type.equals("cacerts") ? runtimeCacerts() : windowsRoot());
            } catch (GeneralSecurityException | IOException e) {
                LOG.warn("trust store {} unavailable: {}", type, e.toString());
            }
        }
        return merged(stores);
    }

    /** One context trusting every certificate entry of every store. */
    static SSLContext merged(List<KeyStore> stores) {
        try {
            KeyStore all = KeyStore.getInstance("PKCS12");
            all.load(null, null);
            int n = 0;
            for (KeyStore store : stores) {
                for (String alias : Collections.list(store.aliases())) {
                    Certificate certificate = store.getCertificate(alias);
                    if (certificate != null && store.isCertificateEntry(alias)) {
                        all.setCertificateEntry("ca-" + n++, certificate);
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(all);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS trust", e);
        }
    }

    private static KeyStore runtimeCacerts() throws GeneralSecurityException, IOException {
        Path file = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, null);
        }
        return store;
    }

    private static KeyStore windowsRoot() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(WINDOWS_ROOT);
        store.load(null, null);
        return store;
    }
}
