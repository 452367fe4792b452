package de.videoberatung.api;

import java.time.Instant;
import java.util.List;

/**
 * What the customer's browser learns about its appointment through the join link: nothing but what
 * the waiting room needs to show, and the ICE servers (with fresh TURN credentials) for its next
 * peer connection.
 */
public record JoinState(AppointmentStatus status, String advisorName, Instant startsAt, Instant endsAt,
                        List<IceServer> iceServers) {

    public JoinState {
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
    }
}
