package de.videoberatung.media.camera;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamException;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.time.LocalTime;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One synthetic camera of the {@link TestbildDriver}. Like a real camera, {@link #getImage()} blocks
 * until the next frame is due, so the frame rate is the device's, not the caller's.
 */
final class TestbildDevice implements WebcamDevice, WebcamDevice.BufferAccess, WebcamDevice.FPSSource,
        WebcamDevice.Configurable {

    /** Parameter accepted by {@link #setParameters(Map)}: the frame rate, an integer from 1 to 60. */
    static final String PARAM_FPS = "fps";
    static final int DEFAULT_FPS = 30;

    private static final Dimension[] RESOLUTIONS = {
        new Dimension(320, 240), VideoSize.VGA.toDimension(), VideoSize.HD.toDimension()
    };

    /** The time the device paces its frames by: the system's monotonic clock, or a test's own. */
    interface FrameClock {
        FrameClock SYSTEM = new FrameClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void park(Object blocker, long nanos) {
                LockSupport.parkNanos(blocker, nanos);
            }
        };

        long nanoTime();

        /** Waits up to {@code nanos}; may return earlier, so the caller checks the time again. */
        void park(Object blocker, long nanos);
    }

    private final String name;
    private final FramePainter painter;
    private final FrameClock clock;
    private volatile Dimension resolution = VideoSize.VGA.toDimension();
    private volatile int fps = DEFAULT_FPS;
    private volatile boolean open;
    private volatile boolean unplugged;
    private volatile boolean disposed;
    private long nextFrameDue;
    private long frameNumber;
    private volatile double measuredFps;
    private long lastFrameAt;

    TestbildDevice(String name, FramePainter painter) {
        this(name, painter, FrameClock.SYSTEM);
    }

    TestbildDevice(String name, FramePainter painter, FrameClock clock) {
        this.name = name;
        this.painter = painter;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Dimension[] getResolutions() {
        return RESOLUTIONS.clone();
    }

    @Override
    public Dimension getResolution() {
        return new Dimension(resolution);
    }

    @Override
    public void setResolution(Dimension size) {
        if (open) {
            throw new IllegalStateException("cannot change the resolution of an open camera");
        }
        resolution = new Dimension(size);
    }

    @Override
    public void setParameters(Map<String, ?> parameters) {
        Object value = parameters.get(PARAM_FPS);
        if (value instanceof Number n) {
            int requested = n.intValue();
            if (requested < 1 || requested > 60) {
                throw new IllegalArgumentException("fps out of range: " + requested);
            }
            fps = requested;
        }
    }

    @Override
    public synchronized BufferedImage getImage() {
        if (!open || unplugged) {
            return null;
        }
        long interval = 1_000_000_000L / fps;
        long now = clock.nanoTime();
        if (nextFrameDue == 0 || now - nextFrameDue > interval) {
            nextFrameDue = now; // first frame, or the caller fell behind: do not burst to catch up
        }
        // Wait for the frame clock like a sensor does; close() or unplug() end the wait early.
        while (open && !unplugged && (now = clock.nanoTime()) < nextFrameDue) {
            clock.park(this, nextFrameDue - now);
        }
        if (!open || unplugged) {
            return null;
        }
        nextFrameDue += interval;
        if (lastFrameAt != 0) {
            double instant = 1e9 / Math.max(1, now - lastFrameAt);
            measuredFps = measuredFps == 0 ? instant : measuredFps * 0.9 + instant * 0.1;
        }
        lastFrameAt = now;
        return painter.paint(VideoSize.of(resolution), now, ++frameNumber, LocalTime.now());
    }

    @Override
    public ByteBuffer getImageBytes() {
        BufferedImage image = getImage();
        if (image == null) {
            return null;
        }
        return ByteBuffer.wrap(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    }

    @Override
    public void getImageBytes(ByteBuffer target) {
        ByteBuffer frame = getImageBytes();
        if (frame != null) {
            target.put(frame);
        }
    }

    @Override
    public double getFPS() {
        return measuredFps;
    }

    @Override
    public synchronized void open() {
        if (disposed || unplugged) {
            throw new WebcamException("Testbild camera " + name + " is no longer plugged in");
        }
        open = true;
        nextFrameDue = 0;
        lastFrameAt = 0;
        measuredFps = 0;
    }

    @Override
    public void close() {
        open = false; // volatile write ends a pending getImage() wait within one park
    }

    @Override
    public void dispose() {
        disposed = true;
        close();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Pulls the plug: the device stops delivering frames, as a real camera on a removed USB cable does. */
    void unplug() {
        unplugged = true;
    }

    @Override
    public String toString() {
        return "Testbild[" + name + "]";
    }
}
