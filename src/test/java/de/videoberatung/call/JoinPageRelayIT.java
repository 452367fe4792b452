package de.videoberatung.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CallSignal;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.StatusChange;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.Poll;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer's page against a real server configured for Debian's coturn: its peer connection uses the
 * join state's ICE servers, sends the offer at once and trickles a relay candidate from coturn to the
 * advisor; expired credentials (401) and network changes lead to a fresh join state and a fresh offer.
 * No media engine: the advisor's side is its event stream.
 */
class JoinPageRelayIT {

    static final String SECRET = "page-it-secret-0123456789";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path work;
    static Coturn coturn;
    static ConsultationServer server;
    static HeadlessChromium chromium;
    static ApiClient advisor;
    static WebSocket events;
    static final List<ServerEvent> advisorEvents = new CopyOnWriteArrayList<>();
    static final Map<ServerEvent, Long> arrivedNanos = new ConcurrentHashMap<>();
    static final ShiftableClock clock = new ShiftableClock();
    static final Deque<Appointment> unused = new ArrayDeque<>();
    static List<String> turnUrls;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Coturn.installed() && HeadlessChromium.installed(), "coturn and chromium needed");
        coturn = Coturn.on("127.0.0.1", SECRET, work).selfSignedTls().start();
        turnUrls = new ArrayList<>(coturn.urls());
        turnUrls.add(coturn.tlsUrl());
        server = ConsultationServer.create(ServerOptions.builder(work.resolve("server")).demo(true)
                .demoTime(LocalTime.of(7, 0)).clock(clock).turn(turnUrls, SECRET).build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
        events = advisor.openEvents(e -> {
            arrivedNanos.put(e, System.nanoTime());
            advisorEvents.add(e);
        }, e -> { });
        advisor.appointments(LocalDate.now(BERLIN)).stream()
                .filter(a -> a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.SCHEDULED)
                .forEach(unused::add);
        // coturn's self-signed certificate, trusted as an operator's real one would be.
        chromium = HeadlessChromium.start(Map.of(),
                List.of("--ignore-certificate-errors-spki-list=" + coturn.certificateSpki()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (events != null) {
            events.abort();
        }
        if (server != null) {
            server.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    @AfterEach
    void leavePage() {
        clock.shift(Duration.ZERO);
        chromium.driver().get("about:blank");
    }

    @Test
    void theOfferGoesOutAtOnceAndARelayCandidateFromCoturnIsTrickledToTheAdvisor() throws Exception {
        Appointment a = customerInCall();

        ServerEvent.CallOffer offer = awaitOffer(a, 1);
        assertThat(offer.sdp()).as("offer sent before gathering finished: no relay candidate in it")
                .doesNotContain("typ relay");
        ServerEvent.CallCandidate relay = awaitRelayCandidate(a, 0);
        assertThat(relay.candidate()).contains(" 127.0.0.1 ");
        System.out.printf("FIGURE first relay candidate at the advisor %d ms after the page's offer%n",
                (arrivedNanos.get(relay) - arrivedNanos.get(offer)) / 1_000_000);
        Map<?, ?> config = pageIceServer();
        assertThat(config.get("urls")).isEqualTo(turnUrls);
        assertThat((String) config.get("username")).matches("\\d+:[A-Za-z0-9_-]{12}");
        assertThat(coturn.log()).contains("allocation");
        Poll.until("relay candidates over UDP, TCP and TLS (for networks that block UDP or allow only TLS)", WAIT,
                () -> relayProtocols().containsAll(List.of("udp", "tcp", "tls")));
    }

    @Test
    void expiredCredentialsGetA401AndThePageStartsOverWithAFreshJoinState() throws Exception {
        // The server's clock stands two hours back: the first join state's TURN credentials (1 h) are expired.
        clock.shift(Duration.ofHours(-2));
        Appointment a = customerInCall();
        awaitOffer(a, 1);
        clock.shift(Duration.ZERO); // from now on, credentials are fresh

        ServerEvent.CallCandidate relay = awaitRelayCandidate(a, 0);

        assertThat(offers(a)).as("a fresh offer after the 401").isGreaterThanOrEqualTo(2);
        assertThat((Long) chromium.driver().executeScript("return window.joinPage.credentialRestarts();"))
                .as("restarts caused by the relay's 401").isGreaterThanOrEqualTo(1);
        assertThat(relay.candidate()).contains("typ relay");
        assertThat(coturn.log()).contains("401");
        long expiry = Long.parseLong(((String) pageIceServer().get("username")).split(":")[0]);
        assertThat(expiry).as("the current peer connection's credentials").isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void aNetworkChangeBuildsAFreshPeerConnectionWithFreshCredentialsInTheSameCall() throws Exception {
        Appointment a = customerInCall();
        awaitOffer(a, 1);
        int relaysBefore = awaitRelayCount(a, 1);
        String before = (String) pageIceServer().get("username");

        chromium.driver().executeScript("window.dispatchEvent(new Event('online'));");

        awaitOffer(a, 2);
        awaitRelayCount(a, relaysBefore + 1);
        assertThat((String) pageIceServer().get("username")).isNotEqualTo(before);
        assertThat(advisor.appointments(LocalDate.now(BERLIN)).stream().filter(x -> x.id() == a.id())
                .findFirst().orElseThrow().status()).as("no new admission").isEqualTo(AppointmentStatus.IN_CALL);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** A customer who consented, in an appointment the advisor has put IN_CALL: the page calls in at once. */
    private static Appointment customerInCall() throws Exception {
        Appointment a = unused.pop();
        String token = a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1);
        HttpResponse<String> consent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.baseUri().resolve("api/v1/join/" + token + "/consent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"textVersion\":\"2026-12-v2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(consent.statusCode()).isEqualTo(204);
        advisor.changeStatus(a.id(), StatusChange.to(AppointmentStatus.IN_CALL));
        chromium.driver().get(a.joinUrl());
        // Consent given in this tab (as after a reload): the page connects during the call, but as a new page
        // it lands in the waiting room and the advisor admits it (docs/privacy.md).
        chromium.driver().executeScript("sessionStorage.setItem('vb-consent:' + arguments[0], '2026-12-v2');", token);
        chromium.driver().navigate().refresh();
        Poll.until("the page in the waiting room", WAIT, () -> status(a) == AppointmentStatus.CUSTOMER_WAITING);
        events.sendText(Json.mapper().writerFor(CallSignal.class).writeValueAsString(new CallSignal.Start(a.id())),
                true).join();
        return a;
    }

    /** The relay protocols of the page's gathered relay candidates (getStats' local-candidate entries). */
    @SuppressWarnings("unchecked")
    private static List<String> relayProtocols() {
        return (List<String>) chromium.driver().executeAsyncScript(
                "const done = arguments[arguments.length - 1]; const pc = window.joinPage.peerConnection();"
                        + "if (!pc) { done([]); return; }"
                        + "pc.getStats().then(r => { const out = []; r.forEach(s => { if (s.type === 'local-candidate'"
                        + " && s.candidateType === 'relay') out.push(s.relayProtocol); }); done(out); }, () => done([]));");
    }

    private static Map<?, ?> pageIceServer() {
        Object servers = chromium.driver().executeScript(
                "const pc = window.joinPage.peerConnection(); return pc ? pc.getConfiguration().iceServers : null;");
        assertThat(servers).as("the page's peer connection has ICE servers").isInstanceOf(List.class);
        return (Map<?, ?>) ((List<?>) servers).get(0);
    }

    private static AppointmentStatus status(Appointment a) {
        try {
            return advisor.appointments(LocalDate.now(BERLIN)).stream().filter(x -> x.id() == a.id()).findFirst()
                    .orElseThrow().status();
        } catch (ApiException e) {
            throw new AssertionError(e);
        }
    }

    /** Distinct offers: the page repeats an unanswered offer (nobody answers here), which is no new one. */
    private static int offers(Appointment a) {
        return (int) advisorEvents.stream().filter(e -> e instanceof ServerEvent.CallOffer o
                && o.appointmentId() == a.id()).map(e -> ((ServerEvent.CallOffer) e).sdp()).distinct().count();
    }

    private static ServerEvent.CallOffer awaitOffer(Appointment a, int count) {
        Poll.until(count + " offer(s) from the page", WAIT, () -> offers(a) >= count);
        return advisorEvents.stream().filter(e -> e instanceof ServerEvent.CallOffer o && o.appointmentId() == a.id())
                .map(ServerEvent.CallOffer.class::cast).filter(distinctSdp()).skip(count - 1).findFirst().orElseThrow();
    }

    private static Predicate<ServerEvent.CallOffer> distinctSdp() {
        Set<String> seen = new HashSet<>();
        return o -> seen.add(o.sdp());
    }

    private static List<ServerEvent.CallCandidate> relays(Appointment a) {
        return advisorEvents.stream().filter(e -> e instanceof ServerEvent.CallCandidate c
                        && c.appointmentId() == a.id() && c.candidate() != null && c.candidate().contains(" typ relay"))
                .map(ServerEvent.CallCandidate.class::cast).toList();
    }

    private static ServerEvent.CallCandidate awaitRelayCandidate(Appointment a, int index) {
        awaitRelayCount(a, index + 1);
        return relays(a).get(index);
    }

    private static int awaitRelayCount(Appointment a, int count) {
        Poll.until(count + " trickled relay candidate(s); coturn log:\n" + coturn.log(), WAIT,
                () -> relays(a).size() >= count);
        return relays(a).size();
    }

    /** The system clock, shifted by what the test sets (the server issues credentials by it). */
    static final class ShiftableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void shift(Duration by) {
            offset.set(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
