package de.videoberatung.media.call;

import java.time.Instant;

/**
 * Per-direction call statistics, published once a second while a call runs: what the engine receives
 * ({@code audioIn}, {@code videoIn}), what it sends ({@code audioOut}, {@code videoOut}), and what the
 * customer reports receiving ({@code customerReceives}).
 *
 * @param videoSend the video sender's rate control and repair; {@code videoSend().suspended()} means
 *     the link is too weak for video and only audio is sent (the window says so: {@code call.weakLink})
 * @param customerSendEstimateKbps the rate the engine last told the browser its video to us may use
 *     (REMB), or -1 before the first estimate and when transport-cc is negotiated (the browser then estimates
 *     for itself)
 * @param transportFeedbackSent transport-wide feedback packets the engine sent about the customer's packets so far;
 *     0 when transport-cc is not negotiated
 */
public record CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                        StreamStats videoIn, StreamStats videoOut, VideoSendStats videoSend,
                        CustomerReceives customerReceives, double customerSendEstimateKbps,
                        long transportFeedbackSent) {

    public CallStats {
        videoSend = videoSend == null ? VideoSendStats.NONE : videoSend;
        customerReceives = customerReceives == null ? CustomerReceives.UNKNOWN : customerReceives;
    }

    /** Statistics of the engine's own view only (no send side, no reports from the customer). */
    public CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                     StreamStats videoIn, StreamStats videoOut) {
        this(at, roundTripMs, audioIn, audioOut, videoIn, videoOut, VideoSendStats.NONE);
    }

    /** Statistics without reports from the customer. */
    public CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                     StreamStats videoIn, StreamStats videoOut, VideoSendStats videoSend) {
        this(at, roundTripMs, audioIn, audioOut, videoIn, videoOut, videoSend, CustomerReceives.UNKNOWN, -1);
    }

    /** Statistics without transport feedback. */
    public CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                     StreamStats videoIn, StreamStats videoOut, VideoSendStats videoSend,
                     CustomerReceives customerReceives, double customerSendEstimateKbps) {
        this(at, roundTripMs, audioIn, audioOut, videoIn, videoOut, videoSend, customerReceives,
                customerSendEstimateKbps, 0);
    }
}
