package de.videoberatung.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking every 20 ms; fails with the description if it never holds. */
public final class Poll {

    private Poll() {
    }

    public static void until(String description, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for: " + description);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    public static <T> T untilPresent(String description, Duration timeout, Supplier<T> value) {
        Object[] holder = new Object[1];
        until(description, timeout, () -> (holder[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T result = (T) holder[0];
        return result;
    }
}
