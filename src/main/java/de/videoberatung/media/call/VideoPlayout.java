package de.videoberatung.media.call;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * When a complete frame goes to the decoder: at its playout time, the sender's capture time (from the RTP
 * timestamp) mapped to our clock plus a target delay, rather than the moment it is complete. Without it every
 * packet repaired by NACK stalls the picture for a round trip and then plays the frames behind it in a burst: on
 * a link with 2 % loss that is a freeze of about a round trip several times a second. The target delay covers
 * how late frames complete: their ordinary spread (size, queueing) and, while NACK repairs happen, how late the
 * repaired frames came (about a round trip plus the time to notice the gap). Chromium does the same (its jitter
 * delay grows by the round trip once frames need NACKs); on a clean link the delay stays small.
 *
 * <p>The mapping is the earliest arrival seen for a timestamp within {@link #MAPPING_WINDOW_NANOS}: no frame
 * can arrive before the path's quickest, so the minimum is the path itself, and lateness is measured from it.
 * The delay rises at once to its target and falls slowly ({@link #DECREASE_PER_FRAME_NANOS} per frame, a few
 * per cent faster than real time), so the picture never jumps. Frames leave strictly in order.
 *
 * <p>Not thread-safe; times are {@link System#nanoTime()} values passed in by the caller.
 */
final class VideoPlayout {

    /** The most the picture is held back (beyond it, a late repair is a freeze rather than delay). */
    static final long MAX_DELAY_MILLIS = 400;
    /** Lateness of frames without repair: the last this many (five seconds at 20 fps), 95th percentile. */
    static final int SPREAD_SAMPLES = 100;
    static final double SPREAD_PERCENTILE = 0.95;
    /** Lateness of repaired frames: the last this many, 80th percentile (a repair that needed two requests is rare). */
    static final int REPAIR_SAMPLES = 16;
    static final double REPAIR_PERCENTILE = 0.80;
    /** Repairs are expected again for this long after the last one (Chromium keeps its NACK delay a minute). */
    static final long REPAIR_MEMORY_NANOS = 30_000_000_000L;
    static final long MAPPING_WINDOW_NANOS = 10_000_000_000L;
    static final long DECREASE_PER_FRAME_NANOS = 2_000_000L;
    /** A timestamp jump larger than this (ten seconds) is a new stream: map afresh. */
    static final long MAX_TIMESTAMP_JUMP = 10L * 90_000;

    /** When one frame's packets came: the first, the one that completed it, and whether one of them was repaired. */
    record Arrival(long firstNanos, long completeNanos, boolean repaired) {
    }

    private record Held(Vp8Depacketizer.Frame frame, long dueNanos) {
    }

    /** A mapping sample: the frame's first arrival minus its capture time on the RTP clock, in nanoseconds. */
    private record Offset(long atNanos, long offsetNanos) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** Increasing offsets: the head is the window's minimum. */
    private final ArrayDeque<Offset> offsets = new ArrayDeque<>();
    private final long[] spread = new long[SPREAD_SAMPLES];
    private int spreadCount;
    private int spreadNext;
    private final long[] repair = new long[REPAIR_SAMPLES];
    private int repairCount;
    private int repairNext;
    private long lastRepairAt;
    private long lastTimestamp = -1;
    private long delayNanos;

    /** A complete frame, in decoding order, from the jitter buffer. */
    void add(long now, Vp8Depacketizer.Frame frame, Arrival arrival) {
        long ts = unwrap(frame.rtpTimestamp());
        long capture = ts * 1_000_000L / 90; // RTP ticks to nanoseconds
        long offset = arrival.firstNanos() - capture;
        while (!offsets.isEmpty() && offsets.peekLast().offsetNanos() >= offset) {
            offsets.pollLast();
        }
        offsets.addLast(new Offset(arrival.firstNanos(), offset));
        while (arrival.firstNanos() - offsets.peekFirst().atNanos() > MAPPING_WINDOW_NANOS) {
            offsets.pollFirst();
        }
        long nominal = capture + offsets.peekFirst().offsetNanos();
        long late = Math.max(0, arrival.completeNanos() - nominal);
        if (arrival.repaired()) {
            repair[repairNext] = late;
            repairNext = (repairNext + 1) % REPAIR_SAMPLES;
            repairCount = Math.min(REPAIR_SAMPLES, repairCount + 1);
            lastRepairAt = now;
        } else {
            spread[spreadNext] = late;
            spreadNext = (spreadNext + 1) % SPREAD_SAMPLES;
            spreadCount = Math.min(SPREAD_SAMPLES, spreadCount + 1);
        }
        long target = targetNanos(now);
        delayNanos = target >= delayNanos ? target : Math.max(target, delayNanos - DECREASE_PER_FRAME_NANOS);
        held.addLast(new Held(frame, nominal + delayNanos));
    }

    /** Hands on, in order, every held frame whose playout time has come. */
    void release(long now, Consumer<Vp8Depacketizer.Frame> decoder) {
        while (!held.isEmpty() && held.peekFirst().dueNanos() <= now) {
            decoder.accept(held.pollFirst().frame());
        }
    }

    /** The playout time of the next held frame, or {@link Long#MAX_VALUE} when none is held. */
    long nextDueNanos() {
        return held.isEmpty() ? Long.MAX_VALUE : held.peekFirst().dueNanos();
    }

    /** Drops the held frames (they depend on one the decoder could not use); what was learnt stays. */
    void clear() {
        held.clear();
    }

    /** The current delay from a frame's capture (on the quickest path) to its playout. */
    long delayMillis() {
        return delayNanos / 1_000_000;
    }

    int framesHeld() {
        return held.size();
    }

    private long targetNanos(long now) {
        long target = percentile(spread, spreadCount, SPREAD_PERCENTILE);
        if (repairCount > 0 && now - lastRepairAt <= REPAIR_MEMORY_NANOS) {
            target = Math.max(target, percentile(repair, repairCount, REPAIR_PERCENTILE));
        }
        return Math.min(MAX_DELAY_MILLIS * 1_000_000L, target);
    }

    private static long percentile(long[] samples, int count, double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(count - 1, Math.ceil(p * count) - 1)];
    }

    /** The 32-bit RTP timestamp extended to 64 bits; a jump starts the mapping afresh. */
    private long unwrap(long rtpTimestamp) {
        long ts = rtpTimestamp & 0xffffffffL;
        if (lastTimestamp >= 0) {
            long candidate = (lastTimestamp & ~0xffffffffL) | ts;
            if (candidate - lastTimestamp > 0x8000_0000L) {
                candidate -= 0x1_0000_0000L;
            } else if (lastTimestamp - candidate > 0x8000_0000L) {
                candidate += 0x1_0000_0000L;
            }
            ts = candidate;
            if (Math.abs(ts - lastTimestamp) > MAX_TIMESTAMP_JUMP) {
                offsets.clear();
            }
        } else {
            ts += 1L << 33; // room below for timestamps a little earlier than the first
        }
        lastTimestamp = ts;
        return ts;
    }
}
