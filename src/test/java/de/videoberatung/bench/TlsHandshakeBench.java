package de.videoberatung.bench;

import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Full TLS handshakes per second against the server (no session resumption: a fresh client context each time),
 * TLS 1.3 and 1.2, with a P-256 and an RSA-2048 certificate. Run it on one core to get the per-core cost:
 * {@code taskset -c 0 mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.TlsHandshakeBench}
 * (client and server share the core, so the figure is a lower bound for the server alone).
 */
public final class TlsHandshakeBench {

    private TlsHandshakeBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        for (String kind : new String[] {"P-256", "RSA-2048"}) {
            TestCertificates certificate = kind.equals("P-256") ? TestCertificates.ec() : TestCertificates.rsa(2048);
            Path dir = Files.createTempDirectory("tls-bench");
            Path cert = certificate.write(dir.resolve("tls"), TestCertificates.KeyFormat.PKCS8);
            try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir.resolve("data"))
                    .demo(true).demoTime(LocalTime.of(9, 0)).tls(cert, cert.resolveSibling("key.pem")).build())
                    .start()) {
                for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                    run(server, certificate, protocol, 1); // warm-up
                    long start = System.nanoTime();
                    int n = 0;
                    while (System.nanoTime() - start < seconds * 1e9) {
                        n += run(server, certificate, protocol, 20);
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    System.out.printf("FIGURE TLS handshakes %s %s on %d core(s): %.0f connections/s%n", protocol,
                            kind, Runtime.getRuntime().availableProcessors(), n / elapsed);
                }
            }
        }
    }

    private static int run(ConsultationServer server, TestCertificates certificate, String protocol, int times)
            throws Exception {
        for (int i = 0; i < times; i++) {
            SSLContext fresh = certificate.trustingContext();
            try (SSLSocket socket = (SSLSocket) fresh.getSocketFactory().createSocket(server.baseUri().getHost(),
                    server.port())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
            }
        }
        return times;
    }
}
