package de.videoberatung.sync;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each failure doubles the ceiling up to a maximum, and the actual wait
 * is drawn from the upper half below it, so many clients coming back at once do not retry in step.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration first, Duration max, RandomGenerator random) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The wait before the next attempt after one more failure. */
    Duration next() {
        long ceiling = failures >= 30 ? maxMillis : Math.min(maxMillis, firstMillis << failures);
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    void reset() {
        failures = 0;
    }
}
