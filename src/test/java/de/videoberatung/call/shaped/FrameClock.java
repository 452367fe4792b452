package de.videoberatung.call.shaped;

/**
 * When pictures arrived, reduced to the figures of a call: time to the first picture, frames, the longest
 * gap between two pictures and the total freeze time (the sum of gaps longer than {@link #FREEZE_MS}).
 * Thread-safe; the engine's sink feeds it on its decoder thread, the test reads it.
 */
public final class FrameClock {

    /** A gap between pictures longer than this is a freeze (about three frames at 15 fps). */
    public static final double FREEZE_MS = 200;

    private final long startNanos;
    private long firstNanos;
    private long lastNanos;
    private long frames;
    private double longestGapMs;
    private double freezeMs;
    private long windowStartNanos;

    public FrameClock(long startNanos) {
        this.startNanos = startNanos;
    }

    public synchronized void frame(long nanos) {
        if (frames == 0) {
            firstNanos = nanos;
        } else if (windowStartNanos != 0) {
            gap((nanos - Math.max(lastNanos, windowStartNanos)) / 1e6);
        }
        frames++;
        lastNanos = nanos;
    }

    private void gap(double ms) {
        longestGapMs = Math.max(longestGapMs, ms);
        if (ms > FREEZE_MS) {
            freezeMs += ms;
        }
    }

    /** Gaps and freezes count from here on (e.g. once the first picture arrived). */
    public synchronized void openWindow(long nanos) {
        windowStartNanos = nanos;
        longestGapMs = 0;
        freezeMs = 0;
    }

    /** Milliseconds from the start to the first picture, or -1 before it. */
    public synchronized double firstPictureMs() {
        return frames == 0 ? -1 : (firstNanos - startNanos) / 1e6;
    }

    public synchronized long frames() {
        return frames;
    }

    /** The longest gap in the window, including the one still open at {@code nowNanos}. */
    public synchronized double longestGapMs(long nowNanos) {
        long since = Math.max(lastNanos, windowStartNanos);
        return Math.max(longestGapMs, (nowNanos - since) / 1e6);
    }

    /** Total freeze time in the window, including a freeze still open at {@code nowNanos}. */
    public synchronized double freezeMs(long nowNanos) {
        double open = (nowNanos - Math.max(lastNanos, windowStartNanos)) / 1e6;
        return freezeMs + (open > FREEZE_MS ? open : 0);
    }
}
