package de.videoberatung.media.call;

import java.util.Arrays;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spreads the engine's video packets over time, as WebRTC's pacer does: libjitsi hands over a whole
 * frame at once, and a key frame of 20-40 kB in one burst overflows the queue of a 500 kbit/s mobile
 * link (a few kB) before it drains, so most of it is lost and the browser's delay-based estimate
 * collapses. Packets leave at {@link #MULTIPLIER} times the video target (a frame goes out in well
 * under a frame interval), at most at the call's estimate, with {@link #BURST_NANOS} of burst allowed; one that waited
 * {@link #MAX_QUEUE_NANOS} goes out at once. Retransmissions go to the front. One named thread sends
 * everything for the video stream, so SRTP sees each SSRC's packets in order from one thread.
 *
 * <p>A {@link #probe} raises the rate for a moment: the stream's first key frame then leaves at a rate the
 * link may carry, and Chromium's REMB estimator, which reads a cluster of packets sent at one rate in a
 * stream's first two seconds as a probe (the lower of send and receive rate, and only when the receive
 * spacing keeps up with the send spacing, so a probe over a slower link's rate is discarded), starts from
 * what the link carries instead of 1.5 times our start rate.
 */
final class Pacer implements AutoCloseable {

    static final double MULTIPLIER = 2.5;
    static final long BURST_NANOS = 5_000_000L;
    static final long MAX_QUEUE_NANOS = 300_000_000L;

    /** Where paced packets go (libjitsi's stream, after the tap). */
    interface Sink {
        void send(byte[] packet, int length);
    }

    private record Packet(byte[] data, long queuedNanos) {
    }

    private final Sink sink;
    private final BlockingDeque<Packet> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    private volatile double bitsPerSecond;
    private volatile double probeBitsPerSecond;
    private volatile long probeUntilNanos;
    private volatile boolean closed;
    private long nextNanos;

    Pacer(String threadName, Sink sink, int videoKbps) {
        this.sink = sink;
        setTarget(videoKbps);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The video target the pacing rate follows; no cap but the multiplier. */
    void setTarget(int videoKbps) {
        setTarget(videoKbps, Integer.MAX_VALUE);
    }

    /**
     * The video target the pacing rate follows, and the call's estimate of the link, which caps it: a key frame
     * of a re-initialised encoder (40-60 kB at 1.6 Mbit/s) paced at 2.5 times the target would queue at a
     * 2 Mbit/s link, and Chromium's over-use detector then cut its REMB to 0.85 times what it had received
     * (seen: 1,626 to 426 kbit/s). Paced at the estimate it queues here, behind nothing but our own video.
     * Never below the start's pacing rate: paced at a low estimate, the media's own clusters looked like
     * probes to Chromium on profile (b) (a first REMB of 210 kbit/s on the 500 kbit/s link).
     */
    void setTarget(int videoKbps, int estimateKbps) {
        double cap = Math.max(estimateKbps, SendRateController.START_VIDEO_KBPS * MULTIPLIER);
        bitsPerSecond = Math.min(Math.max(100, videoKbps) * MULTIPLIER, cap) * 1000.0;
    }

    /** Paces at {@code kbps} (if higher than the target's rate) until {@code untilNanos} (System.nanoTime()). */
    void probe(int kbps, long untilNanos) {
        probeBitsPerSecond = kbps * 1000.0;
        probeUntilNanos = untilNanos;
    }

    /** The pacing rate at {@code now}: the probe's while it lasts, else 2.5 times the video target. */
    double bitsPerSecond(long now) {
        double rate = bitsPerSecond;
        return probeUntilNanos - now > 0 ? Math.max(rate, probeBitsPerSecond) : rate;
    }

    /**
     * When the packet after one of {@code length} bytes sent at {@code now} may go. A probe keeps strict
     * spacing (no burst to catch up after a late wake-up): Chromium splits a cluster where one send interval
     * is 2.5 ms off the cluster's mean, and a cluster of fewer than four packets is no probe.
     */
    long next(long previousNext, long now, int length) {
        long cost = (long) (length * 8 * 1e9 / bitsPerSecond(now));
        boolean probing = probeUntilNanos - now > 0;
        return Math.max(previousNext, probing ? now : now - BURST_NANOS) + cost;
    }

    /** Queues a copy of a media packet. */
    void send(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        queue.offerLast(new Packet(copy, System.nanoTime()));
    }

    /** Queues a retransmission ahead of the media waiting. */
    void sendFirst(byte[] packet, int len) {
        byte[] copy = packet.length == len ? packet : Arrays.copyOf(packet, len);
        queue.offerFirst(new Packet(copy, System.nanoTime()));
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        while (!closed) {
            Packet p;
            try {
                p = queue.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (p == null) {
                continue;
            }
            long now = System.nanoTime();
            if (nextNanos - now > 0 && now - p.queuedNanos() < MAX_QUEUE_NANOS) {
                LockSupport.parkNanos(nextNanos - now);
                now = System.nanoTime();
            }
            try {
                sink.send(p.data(), p.data().length);
            } catch (RuntimeException e) {
                // A stream that is going away: the packet is lost, as on the wire.
            }
            nextNanos = next(nextNanos, now, p.data().length);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
    }
}
