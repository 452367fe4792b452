package de.videoberatung.media.call;

import java.time.Instant;

/**
 * Per-direction call statistics, published once a second while a call runs: what the engine receives
 * ({@code audioIn}, {@code videoIn}), what it sends ({@code audioOut}, {@code videoOut}), and what the
 * customer reports receiving ({@code customerReceives}).
 *
 * @param customerSendEstimateKbps the rate the engine last told the browser its video to us may use
 *     (REMB), or -1 before the first estimate
 */
public record CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                        StreamStats videoIn, StreamStats videoOut, CustomerReceives customerReceives,
                        double customerSendEstimateKbps) {

    public CallStats {
        customerReceives = customerReceives == null ? CustomerReceives.UNKNOWN : customerReceives;
    }

    /** Statistics without the customer's reports (none arrived, or a caller that does not know them). */
    public CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                     StreamStats videoIn, StreamStats videoOut) {
        this(at, roundTripMs, audioIn, audioOut, videoIn, videoOut, CustomerReceives.UNKNOWN, -1);
    }
}
