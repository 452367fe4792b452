package de.videoberatung.media.call;

import java.time.Instant;

/** Per-direction call statistics, published once a second while a call runs. */
public record CallStats(Instant at, long roundTripMs, StreamStats audioIn, StreamStats audioOut,
                        StreamStats videoIn, StreamStats videoOut) {
}
