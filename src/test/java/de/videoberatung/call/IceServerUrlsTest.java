package de.videoberatung.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.media.call.IceServers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STUN/TURN addresses from the configuration file. */
class IceServerUrlsTest {

    @Test
    void readsHostPortAndDefaultsThePort() {
        IceServers servers = IceServerUrls.parse(List.of("stun:stun.jc.example:19302", "stun:stun2.jc.example"),
                "turn:turn.jc.example:443?transport=udp", "berater", "geheim");
        assertThat(servers.stun()).extracting(IceServers.Server::host, IceServers.Server::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stun.jc.example", 19302),
                        org.assertj.core.groups.Tuple.tuple("stun2.jc.example", 3478));
        assertThat(servers.turn()).singleElement().satisfies(t -> {
            assertThat(t.host()).isEqualTo("turn.jc.example");
            assertThat(t.port()).isEqualTo(443);
            assertThat(t.username()).isEqualTo("berater");
        });
        assertThat(IceServerUrls.parse(List.of(), null, null, null).turn()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAStunOrTurnAddress() {
        assertThatThrownBy(() -> IceServerUrls.parse(List.of("http://stun.example"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IceServerUrls.parse(List.of("stun:host:port"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
