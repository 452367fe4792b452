package de.videoberatung.server;

import de.videoberatung.api.IceServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hands out the ICE servers for one call attempt: the configured STUN servers, and the TURN relays with a
 * fresh credential in coturn's REST-API scheme ({@code use-auth-secret}): username
 * {@code "<expiry unix time>:<random id>"}, password base64(HMAC-SHA1(secret, username)). coturn checks
 * both with the shared secret alone, so nothing is stored and nothing long-lived leaves the server. The
 * random id ties the allocation to nobody: no name, account or appointment ends up in coturn's log.
 */
final class IceServerIssuer {

    /** Host names, IPv4 and bracketed IPv6 literals, with an optional port. */
    private static final String HOST_PORT = "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?";
    private static final Pattern STUN_URL = Pattern.compile("stuns?:" + HOST_PORT);
    private static final Pattern TURN_URL = Pattern.compile("turns?:" + HOST_PORT + "(\\?transport=(udp|tcp))?");
    private static final int MIN_SECRET_LENGTH = 16;

    private final ServerOptions options;
    private final Clock clock;
    private final SecureRandom random;

    IceServerIssuer(ServerOptions options, SecureRandom random) {
        this.options = options;
        this.clock = options.clock();
        this.random = random;
    }

    /**
     * Refuses a configuration the issuer cannot serve, at start rather than at the first call.
     *
     * @throws IllegalArgumentException naming the bad key
     */
    static void validate(List<String> stunUrls, List<String> turnUrls, String secret, Duration ttl) {
        for (String url : stunUrls) {
            if (!STUN_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("stun.urls: not a stun: URL: " + url);
            }
        }
        for (String url : turnUrls) {
            if (!TURN_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("turn.urls: not a turn: or turns: URL: " + url);
            }
        }
        if (!turnUrls.isEmpty() && (secret == null || secret.length() < MIN_SECRET_LENGTH)) {
            throw new IllegalArgumentException("turn.secret: coturn's static-auth-secret (at least "
                    + MIN_SECRET_LENGTH + " characters) is required with turn.urls");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("turn.ttl must be positive");
        }
    }

    /** STUN entry (if configured) and TURN entry with a fresh credential (if configured); empty without either. */
    List<IceServer> issue() {
        List<IceServer> servers = new ArrayList<>(2);
        if (!options.stunUrls().isEmpty()) {
            servers.add(IceServer.stun(options.stunUrls()));
        }
        if (!options.turnUrls().isEmpty()) {
            String username = clock.instant().plus(options.turnTtl()).getEpochSecond() + ":" + randomId();
            servers.add(new IceServer(options.turnUrls(), username, credential(options.turnSecret(), username)));
        }
        return servers;
    }

    /** coturn's REST-API password for {@code username}: base64(HMAC-SHA1(secret, username)). */
    static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    private String randomId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
