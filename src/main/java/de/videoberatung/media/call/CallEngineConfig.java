package de.videoberatung.media.call;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * How the call engine runs. The video bitrate is process-wide: {@link de.videoberatung.media.MediaRuntime}.
 *
 * @param iceServers asked for STUN/TURN servers (with fresh TURN credentials) before every offer is answered
 * @param loopbackOnly gather only 127.0.0.1 host candidates and accept only loopback remote
 *     candidates (tests and the single-machine demo); ice4j's own host harvester skips loopback
 * @param interruptedAfter no media received for this long: the call shows as interrupted
 * @param lostAfter interrupted for this long without recovery or a fresh offer: the call is lost
 * @param turnTls how {@code turns:} servers are reached: the JVM's trusted certificates by default
 */
public record CallEngineConfig(IceServers.Source iceServers, boolean loopbackOnly,
                               Duration interruptedAfter, Duration lostAfter, SSLSocketFactory turnTls) {

    public static CallEngineConfig defaults(IceServers.Source iceServers) {
        return new CallEngineConfig(iceServers, false, Duration.ofSeconds(3), Duration.ofSeconds(30), defaultTls());
    }

    public static CallEngineConfig loopback() {
        return new CallEngineConfig(IceServers.Source.none(), true, Duration.ofSeconds(3), Duration.ofSeconds(30),
                defaultTls());
    }

    public CallEngineConfig withLostAfter(Duration lost) {
        return new CallEngineConfig(iceServers, loopbackOnly, interruptedAfter, lost, turnTls);
    }

    /** TURN over TLS trusting {@code trust}'s certificates (a deployment's own CA, or a test's). */
    public CallEngineConfig withTurnTls(SSLContext trust) {
        return new CallEngineConfig(iceServers, loopbackOnly, interruptedAfter, lostAfter, trust.getSocketFactory());
    }

    private static SSLSocketFactory defaultTls() {
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
}
