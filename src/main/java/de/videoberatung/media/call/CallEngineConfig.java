package de.videoberatung.media.call;

import java.time.Duration;

/**
 * How the call engine runs.
 *
 * @param iceServers STUN/TURN servers from the consultation server's configuration
 * @param loopbackOnly gather only 127.0.0.1 host candidates and accept only loopback remote
 *     candidates (tests and the single-machine demo); ice4j's own host harvester skips loopback
 * @param videoBitrateKbps VP8 target bitrate; libjitsi's default of 128 kbps makes libvpx shrink
 *     640x480 to 320x240
 * @param interruptedAfter no media received for this long: the call shows as interrupted
 * @param lostAfter interrupted for this long without recovery or a fresh offer: the call is lost
 */
public record CallEngineConfig(IceServers iceServers, boolean loopbackOnly, int videoBitrateKbps,
                               Duration interruptedAfter, Duration lostAfter) {

    public static CallEngineConfig defaults(IceServers iceServers) {
        return new CallEngineConfig(iceServers, false, 1000, Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    public static CallEngineConfig loopback() {
        return new CallEngineConfig(IceServers.none(), true, 1000, Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    public CallEngineConfig withLostAfter(Duration lost) {
        return new CallEngineConfig(iceServers, loopbackOnly, videoBitrateKbps, interruptedAfter, lost);
    }
}
