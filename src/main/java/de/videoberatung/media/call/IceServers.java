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
 * <p>TURN over UDP is ice4j's own client; over TCP ({@code turn:...?transport=tcp}) and TLS ({@code turns:})
 * the engine reaches the server through {@link StreamTurnHarvester} (ice4j has no client for those, ice4j
 * #46/#241). The relayed address is UDP in every case. {@code stuns:} and DTLS ({@code turns:...?transport=udp})
 * are left out.
 */
public record IceServers(List<Server> stun, List<Server> turn) {

    private static final Pattern URL = Pattern.compile(
            "(stun|stuns|turn|turns):(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(?:\\?transport=([a-z]+))?");
    private static final int DEFAULT_PORT = 3478;
    /** RFC 7065: {@code turns:} without a port. */
    private static final int DEFAULT_TLS_PORT = 5349;

    /** How the engine reaches a server (the relayed address it gets is UDP in every case). */
    public enum Transport { UDP, TCP, TLS }

    /** One server; username and password are only used for TURN. */
    public record Server(String host, int port, Transport transport, String username, String password) {
        /** A STUN server or a TURN server over UDP. */
        public Server(String host, int port, String username, String password) {
            this(host, port, Transport.UDP, username, password);
        }

        /** Keeps the password out of logs. */
        @Override
        public String toString() {
            return host + ":" + port + (transport == Transport.UDP ? "" : "/" + transport.name().toLowerCase(Locale.ROOT));
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

    /** Maps the wire form; URLs the engine cannot use (STUN over TLS, TURN over DTLS, malformed) are left out. */
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
                boolean tls = "turns".equals(scheme);
                int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
                String transport = m.group(4) == null ? (tls ? "tcp" : "udp") : m.group(4).toLowerCase(Locale.ROOT);
                if (port < 1 || port > 65535) {
                    continue;
                }
                if ("stun".equals(scheme)) {
                    stun.add(new Server(host, port, null, null));
                } else if (scheme.startsWith("turn") && s.username() != null && s.credential() != null) {
                    Transport t = turnTransport(tls, transport);
                    if (t != null) {
                        turn.add(new Server(host, port, t, s.username(), s.credential()));
                    }
                }
            }
        }
        return new IceServers(stun, turn);
    }

    /** {@code turn:} over UDP or TCP, {@code turns:} over TLS (on TCP); null for what the engine has no client for. */
    private static Transport turnTransport(boolean tls, String transport) {
        if (tls) {
            return "tcp".equals(transport) ? Transport.TLS : null;
        }
        return switch (transport) {
            case "udp" -> Transport.UDP;
            case "tcp" -> Transport.TCP;
            default -> null;
        };
    }
}
