package de.videoberatung.media.call;

import java.util.List;

/**
 * STUN and TURN servers for ICE, as the consultation server configures them. Empty lists mean
 * host candidates only (same network, or loopback in tests).
 */
public record IceServers(List<Server> stun, List<Server> turn) {

    /** One server; username and password are only used for TURN. */
    public record Server(String host, int port, String username, String password) {
        public static Server stun(String host, int port) {
            return new Server(host, port, null, null);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public IceServers {
        stun = List.copyOf(stun);
        turn = List.copyOf(turn);
    }

    public static IceServers none() {
        return new IceServers(List.of(), List.of());
    }
}
