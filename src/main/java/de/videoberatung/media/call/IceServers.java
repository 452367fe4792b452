package de.videoberatung.media.call;

import de.videoberatung.api.IceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's reading of the consultation server's ICE servers ({@link IceServer}, the one wire type
 * shared with the customer's page) for one call attempt: what ice4j can harvest from. Empty lists mean
 * host candidates only (same network, or loopback in tests).
 *
 * <p>ice4j has a STUN client and a TURN client over UDP only (no TCP or TLS allocations, ice4j #46/#241):
 * {@code turn:...?transport=tcp} and {@code turns:} URLs are left to the browser, which can use them for
 * its own relay candidates; {@code stuns:} likewise.
 */
public record IceServers(List<Server> stun, List<Server> turn) {

    private static final Pattern URL = Pattern.compile(
            "(stun|stuns|turn|turns):(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(?:\\?transport=([a-z]+))?");
    private static final int DEFAULT_PORT = 3478;

    /** One server; username and password are only used for TURN. */
    public record Server(String host, int port, String username, String password) {
        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /**
     * Where the engine gets its ICE servers: asked once for every offer it answers (the first and every
     * fresh one after a reconnect), on the call's signalling thread, because TURN credentials are short-lived.
     */
    @FunctionalInterface
    public interface Source {
        List<IceServer> fetch() throws Exception;

        static Source none() {
            return List::of;
        }
    }

    public IceServers {
        stun = List.copyOf(stun);
        turn = List.copyOf(turn);
    }

    public static IceServers none() {
        return new IceServers(List.of(), List.of());
    }

    /** Maps the wire form; URLs ice4j cannot use (TCP/TLS relays, STUN over TLS, malformed) are left out. */
    public static IceServers from(List<IceServer> servers) {
        List<Server> stun = new ArrayList<>();
        List<Server> turn = new ArrayList<>();
        for (IceServer s : servers) {
            for (String url : s.urls()) {
                Matcher m = URL.matcher(url.trim());
                if (!m.matches()) {
                    continue;
                }
                String scheme = m.group(1);
                String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
                int port = m.group(3) == null ? DEFAULT_PORT : Integer.parseInt(m.group(3));
                String transport = m.group(4) == null ? "udp" : m.group(4).toLowerCase(Locale.ROOT);
                if (port < 1 || port > 65535) {
                    continue;
                }
                if ("stun".equals(scheme)) {
                    stun.add(new Server(host, port, null, null));
                } else if ("turn".equals(scheme) && "udp".equals(transport) && s.username() != null
                        && s.credential() != null) {
                    turn.add(new Server(host, port, s.username(), s.credential()));
                }
            }
        }
        return new IceServers(stun, turn);
    }
}
