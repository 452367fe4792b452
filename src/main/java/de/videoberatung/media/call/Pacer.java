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
 * under a frame interval) with {@link #BURST_NANOS} of burst allowed; one that waited
 * {@link #MAX_QUEUE_NANOS} goes out at once. Retransmissions go to the front. One named thread sends
 * everything for the video stream, so SRTP sees each SSRC's packets in order from one thread.
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
    private volatile boolean closed;
    private long nextNanos;

    Pacer(String threadName, Sink sink, int videoKbps) {
        this.sink = sink;
        setTarget(videoKbps);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The video target the pacing rate follows. */
    void setTarget(int videoKbps) {
        bitsPerSecond = Math.max(100, videoKbps) * 1000.0 * MULTIPLIER;
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
            long cost = (long) (p.data().length * 8 * 1e9 / bitsPerSecond);
            nextNanos = Math.max(nextNanos, now - BURST_NANOS) + cost;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
    }
}
