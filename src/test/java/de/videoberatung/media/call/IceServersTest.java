package de.videoberatung.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.IceServer;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The engine's reading of the server's ICE servers: TURN over UDP, TCP and TLS, STUN; what it leaves out. */
class IceServersTest {

    @Test
    void stunAndUdpTurnAreUsedWithTheirCredentials() {
        IceServers servers = IceServers.from(List.of(
                IceServer.stun(List.of("stun:stun.jc.example:19302", "stun:[2001:db8::1]")),
                new IceServer(List.of("turn:turn.jc.example:3478?transport=udp", "turn:turn2.jc.example"),
                        "1700000000:abc", "cred")));

        assertThat(servers.stun()).extracting(IceServers.Server::host, IceServers.Server::port)
                .containsExactly(Tuple.tuple("stun.jc.example", 19302),
                        Tuple.tuple("2001:db8::1", 3478));
        assertThat(servers.turn()).extracting(IceServers.Server::host, IceServers.Server::port,
                        IceServers.Server::username, IceServers.Server::password)
                .containsExactly(Tuple.tuple("turn.jc.example", 3478, "1700000000:abc", "cred"),
                        Tuple.tuple("turn2.jc.example", 3478, "1700000000:abc", "cred"));
        assertThat(servers.turn()).extracting(IceServers.Server::transport).containsOnly(IceServers.Transport.UDP);
        assertThat(servers.turn().get(0).toString()).doesNotContain("cred");
    }

    @Test
    void tcpAndTlsRelaysAreUsedAndOnlyStunOverTlsAndDtlsAreLeftOut() {
        IceServers servers = IceServers.from(List.of(new IceServer(List.of(
                "turn:turn.jc.example:3478?transport=tcp", "turns:turn.jc.example:443?transport=tcp",
                "turns:turn2.jc.example", "turns:turn.jc.example:443?transport=udp", "stuns:stun.jc.example:5349"),
                "1700000000:abc", "cred")));
        assertThat(servers.turn()).extracting(IceServers.Server::host, IceServers.Server::port,
                        IceServers.Server::transport)
                .containsExactly(Tuple.tuple("turn.jc.example", 3478, IceServers.Transport.TCP),
                        Tuple.tuple("turn.jc.example", 443, IceServers.Transport.TLS),
                        Tuple.tuple("turn2.jc.example", 5349, IceServers.Transport.TLS));
        assertThat(servers.turn().get(1).toString()).isEqualTo("turn.jc.example:443/tls");
        assertThat(servers.stun()).isEmpty();
    }

    @Test
    void malformedOrCredentiallessEntriesAreSkippedNotFatal() {
        IceServers servers = IceServers.from(List.of(
                IceServer.stun(List.of("http://stun.example", "stun:host:port", "stun:host:70000")),
                IceServer.stun(List.of("turn:turn.jc.example:3478")),
                new IceServer(null, "u", "p")));
        assertThat(servers).isEqualTo(IceServers.none());
    }
}
