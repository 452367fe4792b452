package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.IceServer;
import de.videoberatung.testsupport.Coturn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's TURN credentials against Debian's real coturn with the same shared secret: fresh ones
 * allocate a relay over UDP and TCP, expired ones and ones signed with another secret are refused.
 */
class TurnCredentialsIT {

    static final String SECRET = "it-shared-secret-0123456789";

    @TempDir
    static Path work;
    static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        assumeTrue(Coturn.installed(), "coturn (turnserver, turnutils_uclient) not installed");
        coturn = Coturn.on("127.0.0.1", SECRET, work).start();
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void freshCredentialsFromTheServerAllocateARelayOverUdpAndTcp() throws Exception {
        IceServer turn = issuedBy(Clock.systemUTC(), SECRET, Duration.ofMinutes(10));

        assertThat(coturn.allocate(turn.username(), turn.credential(), false)).as("UDP allocation; coturn log:%n%s",
                coturn.log()).isZero();
        assertThat(coturn.allocate(turn.username(), turn.credential(), true)).as("TCP allocation").isZero();
    }

    @Test
    void expiredCredentialsAreRefused() throws Exception {
        // Issued by a server whose clock stood two hours ago, with a one-hour lifetime: expired an hour ago.
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        IceServer turn = issuedBy(past, SECRET, Duration.ofHours(1));

        assertThat(coturn.allocate(turn.username(), turn.credential(), false)).isNotZero();
        assertThat(coturn.log()).contains("401");
    }

    @Test
    void credentialsSignedWithAnotherSecretAreRefused() throws Exception {
        IceServer turn = issuedBy(Clock.systemUTC(), "another-secret-of-the-same-size", Duration.ofMinutes(10));

        assertThat(coturn.allocate(turn.username(), turn.credential(), false)).isNotZero();
    }

    /** The TURN entry a signed-in advisor gets from a real server configured for this coturn. */
    private static IceServer issuedBy(Clock clock, String secret, Duration ttl) throws Exception {
        Path data = Files.createTempDirectory(work, "server-");
        ServerOptions options = ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(9, 0)).clock(clock)
                .turn(coturn.urls(), secret).turnTtl(ttl).build();
        try (ConsultationServer server = ConsultationServer.create(options).start()) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");
            List<IceServer> servers = advisor.iceServers();
            assertThat(servers).singleElement().satisfies(s -> assertThat(s.urls()).isEqualTo(coturn.urls()));
            return servers.get(0);
        }
    }
}
