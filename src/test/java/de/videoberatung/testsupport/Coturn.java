package de.videoberatung.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * Debian's coturn ({@code turnserver}), started in the foreground with no configuration file for one test
 * (or one network lab) and stopped by it: coturn's REST-API credentials ({@code use-auth-secret}) on one
 * address (also its relay address), UDP and TCP on one port, optionally TLS on a second, relay ports in a
 * small range, loopback peers allowed (on loopback the browser and the engine run on this machine). Its log
 * goes to a file, line-buffered. Set up with {@link #on} and the {@link Setup}'s options.
 */
public final class Coturn implements AutoCloseable {

    /** The standard ports ({@link Setup#standardPorts()}): a lab's server names them before coturn runs. */
    public static final int PORT = 3478;
    /** TURN over TLS (RFC 7065's default port). */
    public static final int TLS_PORT = 5349;
    private static final String REALM = "videoberatung.test";
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final Path UCLIENT = Path.of("/usr/bin/turnutils_uclient");

    private final Process process;
    private final String address;
    private final String secret;
    private final int port;
    private final int tlsPort;
    private final Path certificate;
    private final Path log;

    private Coturn(Process process, Setup setup, int port, int tlsPort, Path certificate, Path log) {
        this.process = process;
        this.address = setup.address;
        this.secret = setup.secret;
        this.port = port;
        this.tlsPort = tlsPort;
        this.certificate = certificate;
        this.log = log;
    }

    public static boolean installed() {
        return Files.isExecutable(TURNSERVER) && Files.isExecutable(UCLIENT);
    }

    /**
     * @param address where coturn listens and relays
     * @param secret coturn's {@code static-auth-secret}, the server's {@code turn.secret}
     * @param workDir for its log (and its certificate)
     */
    public static Setup on(String address, String secret, Path workDir) {
        return new Setup(address, secret, workDir);
    }

    /** How one coturn is started; {@link #start()} starts it and waits until it listens. */
    public static final class Setup {
        private final String address;
        private final String secret;
        private final Path workDir;
        private boolean selfSignedTls;
        private Path tlsCertificate;
        private Path tlsKey;
        private boolean standardPorts;
        private boolean asTurnserverUser;

        private Setup(String address, String secret, Path workDir) {
            this.address = address;
            this.secret = secret;
            this.workDir = workDir;
        }

        /** TURN over TLS too, with a self-signed certificate made for turn.test and the address. */
        public Setup selfSignedTls() {
            selfSignedTls = true;
            return this;
        }

        /** TURN over TLS too, with these PEM files. */
        public Setup tls(Path certificatePem, Path keyPem) {
            tlsCertificate = certificatePem;
            tlsKey = keyPem;
            return this;
        }

        /** {@link #PORT} and {@link #TLS_PORT} instead of free ports, relays on 49152–49400. */
        public Setup standardPorts() {
            standardPorts = true;
            return this;
        }

        /**
         * Runs as Debian's {@code turnserver} user (who owns its database) once its listeners are open, so
         * that firewall rules for root's traffic do not touch the relay's.
         */
        public Setup asTurnserverUser() {
            asTurnserverUser = true;
            return this;
        }

        public Coturn start() throws IOException {
            boolean tls = selfSignedTls || tlsCertificate != null;
            int port = standardPorts ? PORT : freePort(address);
            int tlsPort = !tls ? 0 : standardPorts ? TLS_PORT : freePort(address);
            Path certificate = tlsCertificate;
            Path key = tlsKey;
            if (selfSignedTls) {
                certificate = selfSignedCertificate(workDir, port, address);
                key = certificate.resolveSibling(certificate.getFileName() + ".key");
            }
            int relayBase = standardPorts ? 49152 : 40000 + ThreadLocalRandom.current().nextInt(200) * 100;
            int relayTop = standardPorts ? 49400 : relayBase + 99;
            Path log = workDir.resolve("coturn-" + port + ".log");
            List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "-eL", TURNSERVER.toString(), "-n",
                    "--listening-ip=" + address, "--relay-ip=" + address, "--listening-port=" + port,
                    "--no-dtls", "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                    "--min-port=" + relayBase, "--max-port=" + relayTop, "--fingerprint", "--no-cli",
                    "--no-multicast-peers", "--allow-loopback-peers", "--log-file=stdout", "--simple-log", "-v"));
            if (tls) {
                command.addAll(List.of("--tls-listening-port=" + tlsPort, "--cert=" + certificate, "--pkey=" + key));
            } else {
                command.add("--no-tls");
            }
            if (asTurnserverUser) {
                command.add("--proc-user=turnserver");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Coturn coturn = new Coturn(process, this, port, tlsPort, certificate, log);
            try {
                // Its UDP listener opens after the TCP one: wait for both.
                Poll.until("coturn listening on " + address + ":" + port, Duration.ofSeconds(10),
                        () -> !process.isAlive() || coturn.log().contains("UDP listener opened") && coturn.acceptsTcp());
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited at start: " + coturn.log());
                }
            } catch (RuntimeException | Error e) {
                coturn.close();
                throw e;
            }
            return coturn;
        }
    }

    /** For turn.test and {@code address} (the engine checks that the certificate names the server it dialled). */
    private static Path selfSignedCertificate(Path workDir, int port, String address) throws IOException {
        Path cert = workDir.resolve("coturn-" + port + ".pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=turn.test",
                "-addext", "subjectAltName=DNS:turn.test,IP:" + address,
                "-keyout", cert + ".key", "-out", cert.toString());
        return cert;
    }

    /** TLS that trusts exactly this server's certificate (as the engine is given a deployment's CA). */
    public SSLContext trustingItsCertificate() throws IOException {
        try (InputStream in = Files.newInputStream(certificate)) {
            return TestCertificates.trusting((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (GeneralSecurityException e) {
            throw new IOException("certificate unusable", e);
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A port free for both UDP and TCP on {@code address} (coturn listens on both). */
    private static int freePort(String address) throws IOException {
        InetAddress ip = InetAddress.getByName(address);
        for (int i = 0; i < 50; i++) {
            int candidate = 20000 + ThreadLocalRandom.current().nextInt(10000);
            try (ServerSocket tcp = new ServerSocket(candidate, 1, ip);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ip, candidate))) {
                return candidate;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IOException("no free port on " + address);
    }

    private boolean acceptsTcp() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** {@code turn:ADDR:PORT?transport=udp} or {@code ...tcp}. */
    public String url(String transport) {
        return "turn:" + address + ":" + port + "?transport=" + transport;
    }

    /** UDP and TCP, the form of the server's {@code turn.urls}. */
    public List<String> urls() {
        return List.of(url("udp"), url("tcp"));
    }

    /** {@code turns:ADDR:TLSPORT?transport=tcp}; only when started with TLS. */
    public String tlsUrl() {
        if (tlsPort == 0) {
            throw new IllegalStateException("started without TLS");
        }
        return "turns:" + address + ":" + tlsPort + "?transport=tcp";
    }

    /** base64(SHA-256(public key)) of the TLS certificate, for Chromium's --ignore-certificate-errors-spki-list. */
    public String certificateSpki() throws IOException {
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(certificate)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(x509.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("certificate unreadable", e);
        }
    }

    /**
     * Credentials in coturn's REST-API scheme, made here independently of the server's code: "expiry:user"
     * and base64(HMAC-SHA1(secret, username)).
     */
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

    /**
     * Runs {@code turnutils_uclient} (coturn's own client): an allocation with these credentials and a few
     * relayed messages to a peer on the same server.
     *
     * @param tcp allocate over TCP instead of UDP
     * @return its exit code: 0 when the allocation worked, 255 when coturn refused it
     */
    public int allocate(String username, String password, boolean tcp) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(UCLIENT.toString(), "-u", username, "-w", password,
                "-p", String.valueOf(port), "-n", "2", "-y", "-c"));
        if (tcp) {
            command.add("-t");
        }
        command.add(address);
        Process client = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!client.waitFor(30, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IOException("turnutils_uclient did not finish");
        }
        return client.exitValue();
    }

    /** Allocations coturn logged so far (a relayed call shows at least one). */
    public long allocations() {
        return log().lines().filter(l -> l.contains("ALLOCATE processed, success")).count();
    }

    /** coturn's log so far (its sessions, 401s, allocations). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            Processes.stop(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
