package de.videoberatung.media.call;

import java.time.Instant;

/**
 * Per-direction call statistics, published once a second while a call runs.
 *
 * @param videoSend the video sender's rate control and repair; {@code videoSend().suspended()} means
 *     the link is too weak for video and only audio is sent (the window says so: {@code call.weakLink})
 */
public record CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                        StreamStats videoIn, StreamStats videoOut, VideoSendStats videoSend) {

    public CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                     StreamStats videoIn, StreamStats videoOut) {
        this(at, roundTripMs, audioIn, audioOut, videoIn, videoOut, VideoSendStats.NONE);
    }
}
