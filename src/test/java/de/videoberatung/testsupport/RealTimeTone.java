package de.videoberatung.testsupport;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes a sine tone into a PulseAudio pipe source in real time: one 10 ms block of 16-bit mono
 * samples at each tick of the clock, as a microphone delivers it. Ticks are kept on an absolute
 * schedule (no drift); if the writer falls far behind (a stalled machine) it skips ahead instead of
 * bursting, as a real device would drop samples rather than deliver them late in a lump.
 */
public final class RealTimeTone implements AutoCloseable {

    public static final int RATE = 48_000;
    public static final int BLOCK_MS = 10;
    private static final int SAMPLES_PER_BLOCK = RATE * BLOCK_MS / 1000;
    private static final long BLOCK_NANOS = TimeUnit.MILLISECONDS.toNanos(BLOCK_MS);
    /** Behind by more than this: skip ahead rather than catch up. */
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final double AMPLITUDE = 0.3 * Short.MAX_VALUE;

    private final Path fifo;
    private final int hertz;
    private final Thread writer;
    private final AtomicLong blocks = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;
    private volatile IOException failure;

    RealTimeTone(Path fifo, int hertz) {
        this.fifo = fifo;
        this.hertz = hertz;
        this.writer = new Thread(this::run, "pulse-realtime-tone");
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /** 10 ms blocks written so far. */
    public long blocksWritten() {
        return blocks.get();
    }

    /** Blocks skipped because the writer was held up by more than 200 ms (e.g. nobody recording yet). */
    public long blocksSkipped() {
        return skipped.get();
    }

    private void run() {
        // PulseAudio holds the FIFO open for reading, so opening it for writing does not block.
        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
            byte[] block = new byte[SAMPLES_PER_BLOCK * 2];
            long sample = 0;
            long due = System.nanoTime();
            while (running) {
                for (int i = 0; i < SAMPLES_PER_BLOCK; i++, sample++) {
                    short v = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * hertz * sample / RATE));
                    block[2 * i] = (byte) v;
                    block[2 * i + 1] = (byte) (v >> 8);
                }
                out.write(block);
                blocks.incrementAndGet();
                due += BLOCK_NANOS;
                long now;
                while (running && (now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(this, due - now);
                }
                long lag = System.nanoTime() - due;
                if (lag > MAX_LAG_NANOS) {
                    long skip = lag / BLOCK_NANOS;
                    skipped.addAndGet(skip);
                    due += skip * BLOCK_NANOS;
                    sample += skip * SAMPLES_PER_BLOCK;
                }
            }
        } catch (IOException e) {
            if (running) {
                failure = e;
            }
        }
    }

    /** Null while the writer is healthy; the error that stopped it otherwise. */
    public IOException failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
