package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Channel;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.TestCertificates;
import de.videoberatung.testsupport.TestCertificates.KeyFormat;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server speaks HTTPS itself from PEM files, renews without a restart, and follows TR-02102-2. */
class TlsServerTest {

    @TempDir
    Path dir;

    private ConsultationServer serve(Path cert, ServerOptions.Builder builder) {
        return ConsultationServer.create(builder.tls(cert, cert.resolveSibling("key.pem"))
                .tlsReloadInterval(Duration.ofMillis(100)).build()).start();
    }

    private static ServerOptions.Builder demo(Path data) {
        return ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .publicUrl(URI.create("https://beratung.example.test/"));
    }

    @Test
    void servesHttpsWithHstsAndLinksUseThePublicUrl() throws Exception {
        TestCertificates certificate = TestCertificates.ec();
        Path cert = certificate.write(dir.resolve("tls"), KeyFormat.PKCS1_OR_SEC1);
        try (ConsultationServer server = serve(cert, demo(dir.resolve("data")))) {
            assertThat(server.baseUri().getScheme()).isEqualTo("https");
            HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.baseUri().resolve("api/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

            ApiClient advisor = new ApiClient(server.baseUri(), certificate.trustingContext());
            advisor.login("demo.berater", "demo");
            List<Appointment> day = advisor.appointments(LocalDate.now(ZoneId.of("Europe/Berlin")));
            assertThat(day).filteredOn(a -> a.channel() == Channel.VIDEO).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.joinUrl()).startsWith("https://beratung.example.test/j/"));
        }
    }

    @Test
    void aRenewedCertificateOnDiskIsServedWithoutARestart() throws Exception {
        TestCertificates first = TestCertificates.rsa(2048);
        Path cert = first.write(dir.resolve("tls"), KeyFormat.PKCS1_OR_SEC1);
        try (ConsultationServer server = serve(cert, demo(dir.resolve("data")))) {
            assertThat(presented(server).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
            TestCertificates renewed = TestCertificates.ec();
            renewed.write(dir.resolve("tls"), KeyFormat.PKCS8);
            BigInteger expected = renewed.certificate().getSerialNumber();
            Poll.until("the renewed certificate is served", Duration.ofSeconds(10),
                    () -> serial(server).equals(expected));
        }
    }

    @Test
    void onlyTls12And13WithForwardSecretAeadSuites() throws Exception {
        TestCertificates certificate = TestCertificates.rsa(2048);
        Path cert = certificate.write(dir.resolve("tls"), KeyFormat.PKCS8);
        try (ConsultationServer server = serve(cert, demo(dir.resolve("data")))) {
            assertThat(handshake(server, new String[] {"TLSv1.3"}, null)).isEqualTo("TLSv1.3");
            assertThat(handshake(server, new String[] {"TLSv1.2"}, null)).isEqualTo("TLSv1.2");
            assertThatThrownBy(() -> handshake(server, new String[] {"TLSv1.1"}, null))
                    .isInstanceOf(SSLException.class);
            // Static RSA key exchange (no forward secrecy) and CBC are refused.
            assertThatThrownBy(() -> handshake(server, new String[] {"TLSv1.2"},
                    new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256"})).isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> handshake(server, new String[] {"TLSv1.2"},
                    new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"})).isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> handshake(server, new String[] {"TLSv1.3"},
                    new String[] {"TLS_CHACHA20_POLY1305_SHA256"})).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedWithAClearMessage() throws Exception {
        Path cert = TestCertificates.ec().write(dir.resolve("a"), KeyFormat.PKCS8);
        TestCertificates.ec().write(dir.resolve("b"), KeyFormat.PKCS8);
        assertThatThrownBy(() -> PemKeys.load(cert, dir.resolve("b/key.pem")))
                .hasMessageContaining("is not the key of the certificate");
        assertThatThrownBy(() -> PemKeys.load(dir.resolve("b/key.pem"), dir.resolve("b/key.pem")))
                .hasMessageContaining("holds no certificate");
    }

    @Test
    void anHttpPublicUrlOutsideDemoIsRefused() {
        assertThatThrownBy(() -> ServerOptions.builder(dir).publicUrl(URI.create("http://beratung.example.test/"))
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public.url must be the https:// address");
        assertThatThrownBy(() -> ServerOptions.builder(dir).build()).hasMessageContaining("missing");
    }

    @Test
    void theDataFolderAndDatabaseAreTheOwnersOnly() throws Exception {
        Path data = dir.resolve("fresh");
        try (ConsultationServer server = ConsultationServer.create(demo(data).build())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("server.db"))))
                    .isEqualTo("rw-------");
        }
    }

    private static String handshake(ConsultationServer server, String[] protocols, String[] suites) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(server.baseUri().getHost(), server.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols);
            if (suites != null) {
                parameters.setCipherSuites(suites);
            }
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static BigInteger serial(ConsultationServer server) {
        try {
            return presented(server).getSerialNumber();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate presented(ConsultationServer server) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(server.baseUri().getHost(), server.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** Only to read what the server presents; the tests of the contents trust the one test certificate. */
    private static X509TrustManager trustAll() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
