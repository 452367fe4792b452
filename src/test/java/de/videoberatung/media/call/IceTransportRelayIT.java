package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.IceServer;
import de.videoberatung.media.sdp.IceCandidate;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.Coturn;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's ICE side with the desktop's source of ICE servers (a signed-in {@link ApiClient} asking the
 * real server) and Debian's coturn: every attempt asks afresh and gathers a relayed candidate over UDP.
 */
class IceTransportRelayIT {

    static final String SECRET = "engine-it-secret-0123456789";

    @TempDir
    static Path work;
    static Coturn coturn;
    static ConsultationServer server;
    static ApiClient advisor;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Coturn.installed(), "coturn not installed");
        // On the machine's own network address, as a relay would be reached (ice4j gathers no loopback hosts).
        coturn = Coturn.start(firstNetworkAddress(), SECRET, work);
        server = ConsultationServer.create(ServerOptions.builder(work.resolve("server")).demo(true)
                .demoTime(LocalTime.of(9, 0)).stunUrls(List.of("stun:" + coturn.address() + ":" + coturn.port()))
                .turn(coturn.urls(), SECRET).build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void everyAttemptAsksTheServerAndGathersARelayedCandidateThroughCoturn() throws Exception {
        List<List<IceServer>> handedOut = new ArrayList<>();
        long[] fetchNanos = new long[1];
        IceServers.Source desktop = () -> {
            long began = System.nanoTime();
            List<IceServer> servers = advisor.iceServers();
            fetchNanos[0] = System.nanoTime() - began;
            handedOut.add(servers);
            return servers;
        };
        CallEngineConfig config = CallEngineConfig.defaults(desktop);

        for (int attempt = 1; attempt <= 2; attempt++) {
            long began = System.nanoTime();
            try (IceTransport ice = new IceTransport(config, List.of("0", "1"))) {
                System.out.printf("FIGURE attempt %d: ICE transport ready in %d ms (ICE servers fetched in %d ms,"
                        + " then host+srflx+relay gathered)%n", attempt, (System.nanoTime() - began) / 1_000_000,
                        fetchNanos[0] / 1_000_000);
                for (String mid : List.of("0", "1")) {
                    List<IceCandidate> candidates = ice.local(mid).candidates();
                    assertThat(candidates).as("attempt %d, mid %s: types; coturn log:%n%s", attempt, mid, coturn.log())
                            .extracting(IceCandidate::type).contains("host", "relay");
                    IceCandidate relay = candidates.stream().filter(c -> c.type().equals("relay")).findFirst()
                            .orElseThrow();
                    assertThat(relay.address()).isEqualTo(coturn.address());
                    assertThat(relay.relatedAddress()).as("the mapped address it was allocated for").isNotNull();
                }
            }
            assertThat(handedOut).as("asked once per attempt").hasSize(attempt);
        }
        Set<String> usernames = handedOut.stream().map(l -> l.get(1).username()).collect(Collectors.toSet());
        assertThat(usernames).as("fresh credentials per attempt").hasSize(2);
        assertThat(allocatedUsers()).as("coturn allocated for both").containsAll(usernames);
    }

    @Test
    void withoutTheServerTheAttemptStillHasHostCandidates() throws Exception {
        IceServers.Source unreachable = () -> {
            throw new IOException("server down");
        };
        try (IceTransport ice = new IceTransport(CallEngineConfig.defaults(unreachable), List.of("0"))) {
            assertThat(ice.local("0").candidates()).isNotEmpty().extracting(IceCandidate::type).containsOnly("host");
        }
    }

    @Test
    void aServerWhoseNameDoesNotResolveIsLeftOutNotFatal() throws Exception {
        IceServers.Source misconfigured = () -> List.of(
                new IceServer(List.of("turn:no-such-relay.invalid:3478"), "1:x", "y"));
        try (IceTransport ice = new IceTransport(CallEngineConfig.defaults(misconfigured), List.of("0"))) {
            assertThat(ice.local("0").candidates()).isNotEmpty().extracting(IceCandidate::type).containsOnly("host");
        }
    }

    private static Set<String> allocatedUsers() {
        Matcher m = Pattern.compile("user <([0-9]+:[A-Za-z0-9_-]+)>.*(?:ALLOCATE|allocation)", Pattern.CASE_INSENSITIVE)
                .matcher(coturn.log());
        Set<String> users = new HashSet<>();
        while (m.find()) {
            users.add(m.group(1));
        }
        return users;
    }

    private static String firstNetworkAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        }
        assumeTrue(false, "no non-loopback IPv4 address");
        return null;
    }
}
