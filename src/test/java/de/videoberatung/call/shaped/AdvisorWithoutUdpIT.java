package de.videoberatung.call.shaped;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.call.ActiveCall;
import de.videoberatung.call.RecordingObserver;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.netlab.LinkProfile;
import de.videoberatung.testsupport.netlab.NetLab;
import de.videoberatung.testsupport.netlab.TcpForwarder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor's network lets no UDP out (issue 12): the engine, asking the server for its ICE servers as the
 * app does, reaches coturn over TCP, and the customer's Chromium (in a {@link NetLab} namespace, no firewall)
 * reaches the engine's relayed address, trickled after the answer; with TCP to the TURN port blocked too, over
 * TLS. Needs root, Chromium, PulseAudio, iproute2, nftables, coturn.
 */
@ExtendWith(PulseAudioServer.Extension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AdvisorWithoutUdpIT {

    /** Records what the page hands its peer connection: answers and trickled candidates, with their times. */
    private static final String RECORD_SIGNALLING = "window.recorded = {answers: [], added: []};"
            + " const setRemote = RTCPeerConnection.prototype.setRemoteDescription;"
            + " RTCPeerConnection.prototype.setRemoteDescription = function (d) {"
            + "   window.recorded.answers.push({sdp: d.sdp, at: performance.now()}); return setRemote.apply(this, arguments); };"
            + " const addCandidate = RTCPeerConnection.prototype.addIceCandidate;"
            + " RTCPeerConnection.prototype.addIceCandidate = function (c) {"
            + "   window.recorded.added.push({candidate: c && c.candidate, at: performance.now()});"
            + "   return addCandidate.apply(this, arguments); };";

    @TempDir
    static Path dir;
    static CallLab calls;

    NetLab lab;
    HeadlessChromium customer;
    ActiveCall call;
    final RecordingObserver observer = new RecordingObserver();

    @BeforeAll
    static void startAdvisorSide(PulseAudioServer pulse) throws Exception {
        calls = CallLab.start(pulse, dir, true);
    }

    @AfterAll
    static void stopAdvisorSide() {
        if (calls != null) {
            calls.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        CallLab.tearDown(call, customer, lab);
    }

    /**
     * No UDP from the advisor's side to the lab's network (coturn's own address included), TCP passes: the
     * only way is the engine's allocation over TCP.
     */
    @Test
    void anAdvisorWhoseNetworkLetsNoUdpOutIsRelayedOverTcpWithMediaBothWays() throws Exception {
        lab = NetLab.start(LinkProfile.A);
        Coturn coturn = lab.startCoturn(calls.turnSecret());
        TcpForwarder server = calls.forwardServer(lab);
        lab.blockAdvisorUdp();
        relayedCall("tcp", coturn, server);
    }

    /**
     * As above, and TCP to coturn's port 3478 is blocked too: the only way is TURN over TLS ({@code turns:} on
     * {@link Coturn#TLS_PORT}, a certificate for the lab's address that the engine was told to trust).
     */
    @Test
    void withTcpToTheTurnPortBlockedTooTheCallIsRelayedOverTls() throws Exception {
        lab = NetLab.start(LinkProfile.A);
        Coturn coturn = lab.startCoturn(calls.turnSecret(), calls.turnCertificate());
        TcpForwarder server = calls.forwardServer(lab);
        lab.blockAdvisorUdp(Coturn.PORT);
        relayedCall("tls", coturn, server);
        assertThat(coturn.log()).as("a TURN session over TLS").contains("method=TLSv1");
    }

    /**
     * Pictures and sound both ways within 20 s; the pair the customer's browser selected ends at the engine's
     * relay, which its answers did not have: it was trickled after them. The advisor's hang-up then returns.
     */
    private void relayedCall(String way, Coturn coturn, TcpForwarder server) throws Exception {
        Appointment a = calls.nextAppointment();
        customer = calls.customerBrowser(lab);
        CallLab.enterWaitingRoom(customer.driver(), calls.joinUrl(a, server));
        PageProbe probe = new PageProbe(customer.driver(), CallLab.JOIN_PAGE_PC);
        PageLog pageLog = new PageLog(customer.driver());
        customer.driver().executeScript(RECORD_SIGNALLING);
        FrameClock frames = new FrameClock(System.nanoTime());
        call = calls.startCall(a, frame -> frames.frame(System.nanoTime()), observer);
        try {
            Poll.until("pictures and sound both ways through the engine's relay", Duration.ofSeconds(20), () -> {
                PageProbe.Snapshot s = probe.snapshot();
                return frames.frames() > 20 && s.number("videoIn", "frames") > 20
                        && s.number("audioIn", "energy") > 0 && call.latestStats() != null
                        && call.latestStats().audioIn().packets() > 50;
            });
        } finally {
            pageLog.lines().forEach(line -> System.out.println("  page " + line));
        }
        PageProbe.Snapshot s = probe.snapshot();
        // The answers as the page took them, and the relay candidates added after the last one.
        List<?> seen = (List<?>) customer.driver().executeScript("const r = window.recorded;"
                + " const last = r.answers[r.answers.length - 1];"
                + " return [r.answers.map(a => a.sdp).join(''),"
                + " r.added.filter(c => / typ relay /.test(c.candidate) && c.at > last.at).length,"
                + " r.answers.length, window.joinPage.credentialRestarts()];");
        String answers = (String) seen.get(0);
        long relaysAfterAnswer = ((Number) seen.get(1)).longValue();
        System.out.printf("FIGURES advisor-without-udp (%s): customer %s -> engine %s, first pictures %.0f ms (customer)"
                + " / %.0f ms (advisor) after the start, advisor firewall drops %d, coturn allocations %d, answers"
                + " taken %s, the page's credential restarts %s%n", way,
                s.text("localType"), s.text("remoteType"), s.number("first"), frames.firstPictureMs(),
                lab.advisorFirewallDrops(), coturn.allocations(), seen.get(2), seen.get(3));
        assertThat(s.text("remoteType")).as("the engine's side of the customer's pair").isEqualTo("relay");
        assertThat(answers).as("the answers have host candidates only").contains("typ host").doesNotContain("typ relay");
        assertThat(relaysAfterAnswer).as("the engine's relay candidates trickled to the page after the answer")
                .isPositive();
        assertThat(coturn.allocations()).as("allocations: the engine's, the page's").isPositive();
        assertThat(lab.advisorFirewallDrops()).as("the engine's direct way was tried and dropped").isPositive();
        // Freeing a relay while its send thread binds a channel deadlocked in ice4j (IceTransport.close).
        call.hangUp();
        Poll.until("the advisor's hang-up returns", Duration.ofSeconds(10), () -> observer.end != null);
    }
}
