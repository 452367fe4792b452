package de.videoberatung.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Debian's coturn ({@code turnserver}), started in the foreground for one test and stopped by it: REST-API
 * credentials ({@code use-auth-secret}) on one address, UDP and TCP on one port, relay ports in a small
 * range, loopback peers allowed (the browser and the engine run on this machine). Its log goes to a file.
 */
public final class Coturn implements AutoCloseable {

    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final Path UCLIENT = Path.of("/usr/bin/turnutils_uclient");

    private final Process process;
    private final String address;
    private final int port;
    private final int tlsPort;
    private final Path certificate;
    private final Path log;

    private Coturn(Process process, String address, int port, int tlsPort, Path certificate, Path log) {
        this.process = process;
        this.address = address;
        this.port = port;
        this.tlsPort = tlsPort;
        this.certificate = certificate;
        this.log = log;
    }

    public static boolean installed() {
        return Files.isExecutable(TURNSERVER) && Files.isExecutable(UCLIENT);
    }

    /**
     * Starts coturn on {@code address} (also its relay address) and waits until it accepts connections.
     *
     * @param secret coturn's {@code static-auth-secret}, the server's {@code turn.secret}
     */
    public static Coturn start(String address, String secret, Path workDir) throws IOException {
        return start(address, secret, workDir, false);
    }

    /**
     * As {@link #start(String, String, Path)}; with {@code tls} also TURN over TLS on a second port, with a
     * self-signed certificate made for it ({@link #tlsUrl()}, {@link #certificateSpki()}).
     */
    public static Coturn start(String address, String secret, Path workDir, boolean tls) throws IOException {
        int port = freePort(address);
        int tlsPort = tls ? freePort(address) : 0;
        Path certificate = tls ? selfSignedCertificate(workDir, port, address) : null;
        int relayBase = 40000 + ThreadLocalRandom.current().nextInt(200) * 100;
        Path log = workDir.resolve("coturn-" + port + ".log");
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "-eL", TURNSERVER.toString(), "-n",
                "--listening-ip=" + address, "--relay-ip=" + address, "--listening-port=" + port,
                "--no-dtls", "--use-auth-secret", "--static-auth-secret=" + secret,
                "--realm=videoberatung.test", "--min-port=" + relayBase, "--max-port=" + (relayBase + 99),
                "--fingerprint", "--no-cli", "--no-multicast-peers", "--allow-loopback-peers",
                "--log-file=stdout", "--simple-log", "-v"));
        if (tls) {
            command.addAll(List.of("--tls-listening-port=" + tlsPort, "--cert=" + certificate,
                    "--pkey=" + certificate.resolveSibling(certificate.getFileName() + ".key")));
        } else {
            command.add("--no-tls");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Coturn coturn = new Coturn(process, address, port, tlsPort, certificate, log);
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

    /** {@code turn:ADDR:PORT?transport=udp} and {@code ...tcp}, the form of the server's {@code turn.urls}. */
    public List<String> urls() {
        return List.of("turn:" + address + ":" + port + "?transport=udp", "turn:" + address + ":" + port + "?transport=tcp");
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
