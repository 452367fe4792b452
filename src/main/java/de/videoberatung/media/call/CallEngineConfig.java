package de.videoberatung.media.call;

import java.time.Duration;

/**
 * How the call engine runs. The video bitrate is process-wide: {@link de.videoberatung.media.MediaRuntime}.
 *
 * @param iceServers asked for STUN/TURN servers (with fresh TURN credentials) before every offer is answered
 * @param loopbackOnly gather only 127.0.0.1 host candidates and accept only loopback remote
 *     candidates (tests and the single-machine demo); ice4j's own host harvester skips loopback
 * @param interruptedAfter no media received for this long: the call shows as interrupted
 * @param lostAfter interrupted for this long without recovery or a fresh offer: the call is lost
 */
public record CallEngineConfig(IceServers.Source iceServers, boolean loopbackOnly,
                               Duration interruptedAfter, Duration lostAfter) {

    public static CallEngineConfig defaults(IceServers.Source iceServers) {
        return new CallEngineConfig(iceServers, false, Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    public static CallEngineConfig loopback() {
        return new CallEngineConfig(IceServers.Source.none(), true, Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    public CallEngineConfig withLostAfter(Duration lost) {
        return new CallEngineConfig(iceServers, loopbackOnly, interruptedAfter, lost);
    }
}
