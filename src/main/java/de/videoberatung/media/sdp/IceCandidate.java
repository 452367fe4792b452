package de.videoberatung.media.sdp;

import java.util.Locale;

/**
 * One ICE candidate line ({@code a=candidate:...}, RFC 8839), without the {@code a=} prefix.
 * Extension attributes (generation, network-id, ufrag, ...) are not kept.
 */
public record IceCandidate(
        String foundation,
        int component,
        String transport,
        long priority,
        String address,
        int port,
        String type,
        String relatedAddress,
        int relatedPort) {

    public IceCandidate {
        transport = transport.toLowerCase(Locale.ROOT);
    }

    /** A host candidate, as the engine offers it. */
    public static IceCandidate host(String foundation, long priority, String address, int port) {
        return new IceCandidate(foundation, 1, "udp", priority, address, port, "host", null, 0);
    }

    /** Parses {@code candidate:...} (with or without the leading {@code a=}). */
    public static IceCandidate parse(String line) {
        String body = line.startsWith("a=") ? line.substring(2) : line;
        if (!body.startsWith("candidate:")) {
            throw new SdpException("Not a candidate line: " + line);
        }
        String[] f = body.substring("candidate:".length()).trim().split("\\s+");
        if (f.length < 8 || !"typ".equals(f[6])) {
            throw new SdpException("Malformed candidate: " + line);
        }
        String relAddr = null;
        int relPort = 0;
        for (int i = 8; i + 1 < f.length; i += 2) {
            if ("raddr".equals(f[i])) {
                relAddr = f[i + 1];
            } else if ("rport".equals(f[i])) {
                relPort = Integer.parseInt(f[i + 1]);
            }
        }
        try {
            return new IceCandidate(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4],
                    Integer.parseInt(f[5]), f[7], relAddr, relPort);
        } catch (NumberFormatException e) {
            throw new SdpException("Malformed candidate: " + line);
        }
    }

    public boolean isUdp() {
        return "udp".equals(transport);
    }

    /** The attribute value, without {@code a=}. */
    public String toAttribute() {
        StringBuilder sb = new StringBuilder("candidate:")
                .append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress).append(" rport ").append(relatedPort);
        }
        return sb.append(" generation 0").toString();
    }
}
