package de.videoberatung.testsupport.netlab;

import de.videoberatung.testsupport.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Debian's coturn on the lab's root-side address, in the foreground with no configuration file
 * ({@code -n}) and coturn's REST-API shared-secret scheme, as Debian's {@code turnserver} user (who owns its database)
 * once its listeners are open. Its log goes to a file, line-buffered.
 */
public final class Coturn implements AutoCloseable {

    public static final int PORT = 3478;
    /** TURN over TLS (RFC 7065's default port), only when started with a certificate. */
    public static final int TLS_PORT = 5349;
    static final String REALM = "videoberatung.test";

    private final Process process;
    private final Path log;
    private final InetAddress address;
    private final String secret;

    private Coturn(Process process, Path log, InetAddress address, String secret) {
        this.process = process;
        this.log = log;
        this.address = address;
        this.secret = secret;
    }

    /**
     * @param tls certificate and key files (PEM) for a TLS listener on {@link #TLS_PORT}; null: none
     */
    static Coturn start(InetAddress address, String secret, Path log, Path[] tls) throws IOException {
        String ip = address.getHostAddress();
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "-eL", "turnserver", "-n",
                "--listening-ip=" + ip, "--relay-ip=" + ip, "--listening-port=" + PORT,
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                "--min-port=49152", "--max-port=49400", "--fingerprint", "--no-cli", "--no-dtls",
                "--no-multicast-peers", "--log-file=stdout", "--simple-log", "-v",
                // Not root once listening: NetLab.blockAdvisorUdp drops root's UDP to the lab, not the relay's.
                "--proc-user=turnserver"));
        if (tls == null) {
            command.add("--no-tls");
        } else {
            command.addAll(List.of("--tls-listening-port=" + TLS_PORT, "--cert=" + tls[0], "--pkey=" + tls[1]));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Coturn coturn = new Coturn(p, log, address, secret);
        try {
            Poll.until("coturn listening on " + ip + ":" + PORT, Duration.ofSeconds(10), () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("coturn exited: " + coturn.logText());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, PORT), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    /** turn:ADDR:3478?transport=tcp (or udp). */
    public String url(String transport) {
        return "turn:" + address.getHostAddress() + ":" + PORT + "?transport=" + transport;
    }

    /** Credentials in coturn's REST-API scheme: "expiry:user" and base64(HMAC-SHA1(secret, username)). */
    public Credentials credentials(String user, Instant expires) {
        String username = expires.getEpochSecond() + ":" + user;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return new Credentials(username,
                    Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Credentials(String username, String password) {
    }

    /** Allocations coturn logged so far (a relayed call shows at least one). */
    public long allocations() {
        return logText().lines().filter(l -> l.contains("ALLOCATE processed, success")).count();
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
