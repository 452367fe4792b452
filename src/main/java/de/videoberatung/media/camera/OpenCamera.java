package de.videoberatung.media.camera;

import de.videoberatung.threads.NamedThreads;
import com.github.sarxos.webcam.Webcam;
import de.videoberatung.media.video.CameraFeed;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened camera: one named thread pulls frames at the camera's own rate and keeps only the
 * latest, which the call engine pulls ({@link CameraFeed}) and a preview sink receives.
 */
public final class OpenCamera implements CameraFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenCamera.class);
    /** A camera that delivers nothing for this long counts as lost. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final Webcam webcam;
    private final VideoSize size;
    private final int frameRate;
    private final Runnable onStall;
    private final Thread thread;
    private final long openedAt = System.nanoTime();
    private final AtomicLong frames = new AtomicLong();
    private volatile long firstFrameAt;
    private volatile boolean running = true;
    private volatile BufferedImage latest;
    private volatile Consumer<BufferedImage> sink;

    OpenCamera(Webcam webcam, VideoSize size, int frameRate, Runnable onStall) {
        this.webcam = webcam;
        this.size = size;
        this.frameRate = frameRate;
        this.onStall = onStall;
        this.thread = NamedThreads.factory("camera-frames").newThread(this::pullFrames);
        thread.start();
    }

    public String name() {
        return webcam.getName();
    }

    public VideoSize size() {
        return size;
    }

    @Override
    public int width() {
        return size.width();
    }

    @Override
    public int height() {
        return size.height();
    }

    @Override
    public int frameRate() {
        return frameRate;
    }

    @Override
    public BufferedImage latestImage() {
        return running ? latest : null;
    }

    /** Frames delivered since opening. */
    public long frameCount() {
        return frames.get();
    }

    /** Nanoseconds from the start of opening to the first frame, or -1 while none arrived. */
    public long firstFrameLatencyNanos() {
        long first = firstFrameAt;
        return first == 0 ? -1 : first - openedAt;
    }

    /**
     * Receives every frame on the camera thread; the receiver must return quickly and must not
     * keep a reference it expects to stay unchanged beyond the next frame's delivery.
     */
    void setSink(Consumer<BufferedImage> sink) {
        this.sink = sink;
    }

    private void pullFrames() {
        long frameNanos = 1_000_000_000L / frameRate;
        long lastFrameAt = System.nanoTime();
        boolean stallReported = false;
        while (running) {
            BufferedImage image;
            try {
                image = webcam.getImage();
            } catch (RuntimeException e) {
                LOG.warn("Camera driver failed while grabbing a frame", e);
                image = null;
            }
            if (!running) {
                break;
            }
            long now = System.nanoTime();
            if (image == null) {
                if (!stallReported && now - lastFrameAt > STALL_NANOS) {
                    stallReported = true;
                    LOG.info("Camera {} delivers no frames any more", webcam.getName());
                    onStall.run();
                }
                // A driver without a frame returns at once; pace retries at the frame interval.
                LockSupport.parkNanos(frameNanos);
                continue;
            }
            lastFrameAt = now;
            stallReported = false;
            if (firstFrameAt == 0) {
                firstFrameAt = now;
            }
            latest = image;
            frames.incrementAndGet();
            Consumer<BufferedImage> receiver = sink;
            if (receiver != null) {
                try {
                    receiver.accept(image);
                } catch (RuntimeException e) {
                    LOG.error("Frame receiver failed", e);
                }
            }
        }
    }

    /** Stops the frame thread and closes the camera; safe to call from any thread but the camera thread. */
    @Override
    public void close() {
        running = false;
        latest = null;
        try {
            webcam.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing camera {} failed", webcam.getName(), e);
        }
        try {
            // A native grab can take up to the driver's 5 s timeout; do not wait for that.
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        return running;
    }
}
