package de.videoberatung.devices;

import java.util.concurrent.Executor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Brings camera frames into a JavaFX image. Frames arrive on the camera thread, are converted to
 * BGRA there, and replace the one waiting for the FX thread; the FX thread draws only the latest, so
 * a slow FX thread skips frames instead of queuing them.
 */
public final class FramePresenter implements Consumer<BufferedImage> {

    private record Frame(int width, int height, byte[] bgra) {
    }

    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final AtomicReference<Frame> pending = new AtomicReference<>();
    private final AtomicReference<byte[]> spare = new AtomicReference<>();
    private final AtomicBoolean drawScheduled = new AtomicBoolean();
    private final AtomicLong framesShown = new AtomicLong();
    private final Executor fxThread;
    private WritableImage target;

    /** @param fxThread runs the drawing on the FX thread ({@code Platform::runLater} in the app) */
    public FramePresenter(Executor fxThread) {
        this.fxThread = fxThread;
    }

    /** The preview image; replaced when the frame size changes. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** Frames drawn on the FX thread so far. */
    public long framesShown() {
        return framesShown.get();
    }

    /** Called on the camera thread with each frame. */
    @Override
    public void accept(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        byte[] bgra = spare.getAndSet(null);
        if (bgra == null || bgra.length != w * h * 4) {
            bgra = new byte[w * h * 4];
        }
        toBgra(frame, bgra);
        Frame replaced = pending.getAndSet(new Frame(w, h, bgra));
        if (replaced != null) {
            spare.set(replaced.bgra); // the FX thread never saw it: reuse its buffer
        }
        if (drawScheduled.compareAndSet(false, true)) {
            fxThread.execute(this::draw);
        }
    }

    private void draw() {
        drawScheduled.set(false);
        Frame frame = pending.getAndSet(null);
        if (frame == null) {
            return;
        }
        if (target == null || target.getWidth() != frame.width || target.getHeight() != frame.height) {
            target = new WritableImage(frame.width, frame.height);
            image.set(target);
        }
        // Alpha is always opaque, so the premultiplied format (WritableImage's own) needs no conversion.
        target.getPixelWriter().setPixels(0, 0, frame.width, frame.height, PixelFormat.getByteBgraPreInstance(),
                frame.bgra, 0, frame.width * 4);
        framesShown.incrementAndGet();
        spare.compareAndSet(null, frame.bgra);
    }

    /** Clears the preview (camera closed). Call on the FX thread. */
    public void clear() {
        pending.set(null);
        target = null;
        image.set(null);
    }

    static void toBgra(BufferedImage frame, byte[] bgra) {
        int pixels = frame.getWidth() * frame.getHeight();
        if (frame.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
            for (int i = 0, j = 0; i < pixels; i++, j += 3) {
                int k = i * 4;
                bgra[k] = bgr[j];
                bgra[k + 1] = bgr[j + 1];
                bgra[k + 2] = bgr[j + 2];
                bgra[k + 3] = (byte) 0xff;
            }
            return;
        }
        int[] argb = frame.getRGB(0, 0, frame.getWidth(), frame.getHeight(), null, 0, frame.getWidth());
        for (int i = 0; i < pixels; i++) {
            int p = argb[i];
            int k = i * 4;
            bgra[k] = (byte) p;
            bgra[k + 1] = (byte) (p >> 8);
            bgra[k + 2] = (byte) (p >> 16);
            bgra[k + 3] = (byte) 0xff;
        }
    }
}
