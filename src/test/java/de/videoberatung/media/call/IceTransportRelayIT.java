package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.IceServer;
import de.videoberatung.media.sdp.IceCandidate;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.Poll;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's ICE side with the desktop's source of ICE servers (a signed-in {@link ApiClient} asking the
 * real server) and Debian's coturn: every attempt asks afresh; the answer has the host candidates, the
 * relayed ones (over UDP, TCP and TLS) are trickled after it.
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
        coturn = Coturn.on(firstNetworkAddress(), SECRET, work).selfSignedTls().start();
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
    void everyAttemptAsksTheServerAndTricklesARelayedCandidateThroughCoturn() throws Exception {
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
                long ready = System.nanoTime();
                for (String mid : List.of("0", "1")) {
                    assertThat(ice.local(mid).candidates()).as("the answer's candidates").isNotEmpty()
                            .extracting(IceCandidate::type).containsOnly("host");
                }
                Trickled trickled = new Trickled();
                ice.trickle("test-gathering", trickled).get(30, TimeUnit.SECONDS);
                System.out.printf("FIGURE attempt %d: answer ready in %d ms (ICE servers fetched in %d ms), relays"
                        + " over UDP and TCP trickled within %d ms after it%n", attempt, (ready - began) / 1_000_000,
                        fetchNanos[0] / 1_000_000, (System.nanoTime() - ready) / 1_000_000);
                for (String mid : List.of("0", "1")) {
                    List<IceCandidate> relays = trickled.relays(mid);
                    assertThat(relays).as("attempt %d, mid %s: relays over UDP and TCP; coturn log:%n%s", attempt, mid,
                            coturn.log()).hasSize(2).extracting(IceCandidate::address).containsOnly(coturn.address());
                    assertThat(relays).as("the UDP allocation's relay has the mapped address it was allocated for")
                            .anyMatch(c -> c.relatedAddress() != null);
                }
            }
            assertThat(handedOut).as("asked once per attempt").hasSize(attempt);
        }
        Set<String> usernames = handedOut.stream().map(l -> l.get(1).username()).collect(Collectors.toSet());
        assertThat(usernames).as("fresh credentials per attempt").hasSize(2);
        assertThat(allocatedUsers()).as("coturn allocated for both").containsAll(usernames);
    }

    /**
     * Trickle: the answer's candidates are ready at once although one TURN server never answers; the relays
     * through coturn over TCP and over TLS (a certificate the engine was told to trust) arrive while that
     * server still holds the gathering, which ends only when ice4j gives up on it.
     */
    @Test
    void relaysOverTcpAndTlsAreTrickledWhileAServerThatNeverAnswersStillHoldsTheGathering() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(coturn.address(), 0))) {
            IceServer credentials = advisor.iceServers().get(1);
            IceServers.Source servers = () -> List.of(new IceServer(List.of(
                    "turn:" + coturn.address() + ":" + silent.getLocalPort() + "?transport=udp",
                    "turn:" + coturn.address() + ":" + coturn.port() + "?transport=tcp", coturn.tlsUrl()),
                    credentials.username(), credentials.credential()));
            CallEngineConfig config = CallEngineConfig.defaults(servers).withTurnTls(coturn.trustingItsCertificate());
            try (IceTransport ice = new IceTransport(config, List.of("0", "1"))) {
                assertThat(ice.local("0").candidates()).extracting(IceCandidate::type).containsOnly("host");
                long answered = System.nanoTime();
                Trickled trickled = new Trickled();
                CompletableFuture<Void> ended = ice.trickle("test-gathering", trickled);
                Poll.until("relays over TCP and TLS for both m-lines", Duration.ofSeconds(20),
                        () -> trickled.relays("0").size() == 2 && trickled.relays("1").size() == 2);
                long relayed = System.nanoTime();
                assertThat(ended).as("the silent server still holds the gathering").isNotDone();
                ended.get(60, TimeUnit.SECONDS);
                System.out.printf("FIGURE trickle: relays over TCP and TLS %d ms after the answer was ready; gathering"
                        + " ended %d ms after it (the silent UDP server given up)%n", (relayed - answered) / 1_000_000,
                        (System.nanoTime() - answered) / 1_000_000);
                assertThat(trickled.relays("0")).extracting(IceCandidate::address).containsOnly(coturn.address());
                assertThat(coturn.log()).as("a session over TLS").contains("method=TLSv1");
            }
        }
    }

    /** What an attempt trickled, by mid. */
    private static final class Trickled implements BiConsumer<String, IceCandidate> {
        private final Map<String, List<IceCandidate>> byMid = new ConcurrentHashMap<>();

        @Override
        public void accept(String mid, IceCandidate candidate) {
            byMid.computeIfAbsent(mid, m -> new CopyOnWriteArrayList<>()).add(candidate);
        }

        List<IceCandidate> of(String mid) {
            return byMid.getOrDefault(mid, List.of());
        }

        List<IceCandidate> relays(String mid) {
            return of(mid).stream().filter(c -> c.type().equals("relay")).toList();
        }
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
