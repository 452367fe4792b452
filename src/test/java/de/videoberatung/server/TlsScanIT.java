package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.Json;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code testssl.sh} against the server on loopback, started as an operator starts it (its own JVM through
 * the launcher, settings in a file), with a P-256 test certificate made here: no HIGH or CRITICAL finding, and the
 * key exchange only over the curves TR-02102-2 recommends. The certificate's own trust findings (self-signed, no
 * OCSP/CT) are about the test certificate, not the server's TLS set-up, and are listed but not counted.
 */
class TlsScanIT {

    private static final Pattern LISTENING = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void testsslFindsNothingHighOrCritical() throws Exception {
        Path cert = TestCertificates.ec().write(dir.resolve("tls"), TestCertificates.KeyFormat.PKCS8);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n", "data=" + dir.resolve("data"), "port=0", "bind=127.0.0.1",
                "public.url=https://localhost/", "tls.cert=" + cert, "tls.key=" + cert.resolveSibling("key.pem"), ""));
        Path out = dir.resolve("server.out");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "de.videoberatung.app.Launcher", "server", "--demo",
                "--demo-time", "09:00", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            int port = Poll.untilPresent("the server says where it listens", Duration.ofSeconds(60), () -> {
                Matcher m = LISTENING.matcher(read(out));
                return m.find() ? Integer.parseInt(m.group(1)) : null;
            });
            Path json = dir.resolve("testssl.json");
            Process scan = new ProcessBuilder("nice", "testssl", "--quiet", "--color", "0", "--warnings", "off",
                    "--jsonfile", json.toString(), "--ip", "127.0.0.1", "localhost:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("testssl.log").toFile()).start();
            assertThat(scan.waitFor(15, TimeUnit.MINUTES)).as("testssl finished").isTrue();
            JsonNode findings = Json.mapper().readTree(Files.readString(json));
            Map<String, Integer> bySeverity = new TreeMap<>();
            List<String> serious = new ArrayList<>();
            String curves = null;
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
                if (id.endsWith("_ECDHE_curves")) {
                    curves = finding.path("finding").asText();
                }
            }
            System.out.println("FIGURE testssl.sh findings by severity: " + bySeverity + "; curves: " + curves);
            assertThat(findings.size()).as("testssl reported findings").isGreaterThan(20);
            assertThat(serious).as("HIGH/CRITICAL findings").isEmpty();
            assertThat(curves).as("the curves offered for the key exchange").isNotNull()
                    .contains("prime256v1", "secp384r1").doesNotContainIgnoringCase("X25519")
                    .doesNotContainIgnoringCase("X448");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Findings on the certificate's trust chain: a self-signed test certificate has them by nature. */
    private static boolean aboutTheTestCertificate(String id) {
        return id.startsWith("cert_chain_of_trust") || id.startsWith("cert_trust") || id.startsWith("cert_caIssuers")
                || id.startsWith("cert_crlDistributionPoints") || id.startsWith("cert_ocspURL")
                || id.startsWith("cert_revocation") || id.equals("cert_validityPeriod");
    }
}
