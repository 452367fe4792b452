package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One STUN or TURN server for ICE, in the shape of WebRTC's {@code RTCIceServer}: the customer's page
 * hands it to {@code new RTCPeerConnection} as is, the advisor's engine maps it to ice4j harvesters.
 * TURN entries carry short-lived credentials (coturn's REST-API scheme); STUN entries none.
 *
 * @param urls {@code stun:}, {@code turn:} or {@code turns:} URLs, e.g. {@code turn:turn.example.org:443?transport=tcp}
 * @param username for TURN: {@code "<expiry unix time>:<random id>"}; null for STUN
 * @param credential for TURN: base64(HMAC-SHA1(secret, username)); null for STUN
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    public static IceServer stun(List<String> urls) {
        return new IceServer(urls, null, null);
    }

    /** Keeps the credential out of logs. */
    @Override
    public String toString() {
        return "IceServer" + urls + (credential == null ? "" : " (with credentials)");
    }
}
