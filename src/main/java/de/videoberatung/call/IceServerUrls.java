package de.videoberatung.call;

import de.videoberatung.media.call.IceServers;
import java.util.ArrayList;
import java.util.List;

/** Reads STUN/TURN addresses as written in the configuration ({@code stun:host[:port]}, {@code turn:host[:port]}). */
public final class IceServerUrls {

    private static final int DEFAULT_PORT = 3478;

    private IceServerUrls() {
    }

    /**
     * @param stunUrls e.g. {@code stun:stun.jobcenter.example:3478}
     * @param turnUrl e.g. {@code turn:turn.jobcenter.example:3478?transport=udp}, or null
     * @throws IllegalArgumentException for an address that is not of that form
     */
    public static IceServers parse(List<String> stunUrls, String turnUrl, String turnUsername, String turnPassword) {
        List<IceServers.Server> stun = new ArrayList<>();
        for (String url : stunUrls) {
            stun.add(server("stun:", url, null, null));
        }
        List<IceServers.Server> turn = turnUrl == null ? List.of()
                : List.of(server("turn:", turnUrl, turnUsername, turnPassword));
        return new IceServers(stun, turn);
    }

    private static IceServers.Server server(String scheme, String url, String username, String password) {
        String rest = url.trim();
        if (!rest.startsWith(scheme)) {
            throw new IllegalArgumentException("not a " + scheme + " address: " + url);
        }
        rest = rest.substring(scheme.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int colon = rest.lastIndexOf(':');
        String host = colon > 0 ? rest.substring(0, colon) : rest;
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(rest.substring(colon + 1)) : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + url, e);
        }
        if (host.isBlank() || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("bad address: " + url);
        }
        return new IceServers.Server(host, port, username, password);
    }
}
