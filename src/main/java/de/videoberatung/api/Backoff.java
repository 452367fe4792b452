package de.videoberatung.api;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each failure doubles the ceiling up to a maximum, and the actual wait
 * is drawn from the upper half below it, so many clients coming back at once do not retry in step. The
 * one retry policy of the app's talks with the server (the event stream, the note sync). Not thread-safe:
 * its owner calls it under its own lock.
 */
public final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration first, Duration max, RandomGenerator random) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The wait before the next attempt after one more failure. */
    public Duration next() {
        long ceiling = failures >= 30 ? maxMillis : Math.min(maxMillis, firstMillis << failures);
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** After a success: the next failure waits the first delay again. */
    public void reset() {
        failures = 0;
    }
}
