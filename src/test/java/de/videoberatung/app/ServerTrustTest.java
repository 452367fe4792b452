package de.videoberatung.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiClient;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.TestCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app talks HTTPS (HTTP only to this machine) and trusts the runtime's CAs, plus Windows' store on Windows. */
class ServerTrustTest {

    @TempDir
    Path dir;

    @Test
    void plainHttpIsAcceptedOnlyToThisMachine() {
        assertThat(ServerTrust.acceptable(URI.create("https://beratung.example.org"))).isTrue();
        assertThat(ServerTrust.acceptable(null)).as("demo mode").isTrue();
        assertThat(ServerTrust.acceptable(URI.create("http://127.0.0.1:8080"))).isTrue();
        assertThat(ServerTrust.acceptable(URI.create("http://localhost:8080/"))).isTrue();
        assertThat(ServerTrust.acceptable(URI.create("http://[::1]:8080/"))).isTrue();
        assertThat(ServerTrust.acceptable(URI.create("http://beratung.example.org"))).isFalse();
        assertThat(ServerTrust.acceptable(URI.create("http://10.0.0.5:8080"))).isFalse();
        assertThat(ServerTrust.acceptable(URI.create("http://127.0.0.1.nip.io"))).as("a name is not resolved")
                .isFalse();
    }

    @Test
    void windowsAddsItsCertificateStore() {
        assertThat(ServerTrust.storeTypes("Windows 11")).containsExactly("cacerts", "Windows-ROOT");
        assertThat(ServerTrust.storeTypes("Windows Server 2022")).contains("Windows-ROOT");
        assertThat(ServerTrust.storeTypes("Linux")).containsExactly("cacerts");
        assertThat(ServerTrust.storeTypes(null)).containsExactly("cacerts");
    }

    @Test
    void onThisMachineTheRuntimesCertificatesAreTrusted() {
        // Linux here: cacerts alone, and it loads.
        assertThat(ServerTrust.forThisMachine().getProtocol()).isEqualTo("TLS");
    }

    /** An internal CA in the second store (standing in for Windows-ROOT) is trusted once the stores are merged. */
    @Test
    void anInternalCaInTheSecondStoreIsTrusted() throws Exception {
        TestCertificates internal = TestCertificates.ec();
        Path cert = internal.write(dir.resolve("tls"), TestCertificates.KeyFormat.PKCS8);
        KeyStore second = KeyStore.getInstance("PKCS12");
        second.load(null, null);
        second.setCertificateEntry("interne-ca", internal.certificate());
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir.resolve("data"))
                .demo(true).tls(cert, cert.resolveSibling("key.pem")).build()).start()) {
            assertThat(new ApiClient(server.baseUri(), ServerTrust.merged(List.of(empty, second))).health().status())
                    .isEqualTo("UP");
            assertThatThrownBy(() -> new ApiClient(server.baseUri(), ServerTrust.merged(List.of(empty))).health())
                    .as("without the internal CA the handshake fails").isInstanceOf(Exception.class);
        }
    }
}
