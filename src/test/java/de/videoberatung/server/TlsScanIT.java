package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.Json;
import de.videoberatung.testsupport.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code testssl.sh} against the running server on loopback, with a P-256 test certificate made here:
 * no HIGH or CRITICAL finding. The certificate's own trust findings (self-signed, no OCSP/CT) are about the test
 * certificate, not the server's TLS set-up, and are listed but not counted.
 */
class TlsScanIT {

    @TempDir
    Path dir;

    @Test
    void testsslFindsNothingHighOrCritical() throws Exception {
        Path cert = TestCertificates.ec().write(dir.resolve("tls"), TestCertificates.KeyFormat.PKCS8);
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir.resolve("data"))
                .demo(true).demoTime(LocalTime.of(9, 0)).publicUrl(URI.create("https://localhost/"))
                .tls(cert, cert.resolveSibling("key.pem")).build()).start()) {
            Path json = dir.resolve("testssl.json");
            Process scan = new ProcessBuilder("nice", "testssl", "--quiet", "--color", "0", "--warnings", "off",
                    "--jsonfile", json.toString(), "--ip", "127.0.0.1", "localhost:" + server.port())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("testssl.log").toFile()).start();
            assertThat(scan.waitFor(15, TimeUnit.MINUTES)).as("testssl finished").isTrue();
            JsonNode findings = Json.mapper().readTree(Files.readString(json));
            Map<String, Integer> bySeverity = new TreeMap<>();
            List<String> serious = new ArrayList<>();
            for (JsonNode finding : findings) {
                String severity = finding.path("severity").asText();
                String id = finding.path("id").asText();
                bySeverity.merge(severity, 1, Integer::sum);
                if ((severity.equals("HIGH") || severity.equals("CRITICAL")) && !aboutTheTestCertificate(id)) {
                    serious.add(id + ": " + finding.path("finding").asText());
                }
                if (!severity.equals("OK") && !severity.equals("INFO")) {
                    System.out.println("testssl " + severity + " " + id + ": " + finding.path("finding").asText());
                }
            }
            System.out.println("FIGURE testssl.sh findings by severity: " + bySeverity);
            assertThat(findings.size()).as("testssl reported findings").isGreaterThan(20);
            assertThat(serious).as("HIGH/CRITICAL findings").isEmpty();
        }
    }

    /** Findings on the certificate's trust chain: a self-signed test certificate has them by nature. */
    private static boolean aboutTheTestCertificate(String id) {
        return id.startsWith("cert_chain_of_trust") || id.startsWith("cert_trust") || id.startsWith("cert_caIssuers")
                || id.startsWith("cert_crlDistributionPoints") || id.startsWith("cert_ocspURL")
                || id.startsWith("cert_revocation") || id.equals("cert_validityPeriod");
    }
}
