package de.videoberatung.callwindow;

import de.videoberatung.media.video.VideoFrame;
import de.videoberatung.media.video.VideoFrameSink;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

/**
 * The customer's picture, as large as the space allows with its aspect ratio kept. Frames arrive on the
 * engine's decoder thread and replace the one waiting for the FX thread; at most one draw is scheduled at a
 * time, so a busy FX thread skips frames instead of queuing them.
 */
public final class RemoteVideoView extends Region implements VideoFrameSink {

    private final ImageView view = new ImageView();
    private final AtomicReference<VideoFrame> pending = new AtomicReference<>();
    private final AtomicBoolean drawScheduled = new AtomicBoolean();
    private final AtomicLong framesDrawn = new AtomicLong();
    private final AtomicLong drawNanos = new AtomicLong();
    private WritableImage target;

    public RemoteVideoView() {
        getStyleClass().add("remote-video");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        getChildren().add(view);
    }

    /** Called on the decoder thread with each decoded frame. */
    @Override
    public void accept(VideoFrame frame) {
        pending.set(frame);
        if (drawScheduled.compareAndSet(false, true)) {
            Platform.runLater(this::draw);
        }
    }

    private void draw() {
        long start = System.nanoTime();
        drawScheduled.set(false);
        VideoFrame frame = pending.getAndSet(null);
        if (frame == null) {
            return;
        }
        if (target == null || target.getWidth() != frame.width() || target.getHeight() != frame.height()) {
            target = new WritableImage(frame.width(), frame.height());
            view.setImage(target);
            requestLayout();
        }
        // Opaque ARGB equals premultiplied ARGB: WritableImage's own format, no conversion.
        target.getPixelWriter().setPixels(0, 0, frame.width(), frame.height(), PixelFormat.getIntArgbPreInstance(),
                frame.argb(), 0, frame.width());
        framesDrawn.incrementAndGet();
        drawNanos.addAndGet(System.nanoTime() - start);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (target == null || w <= 0 || h <= 0) {
            return;
        }
        double scale = Math.min(w / target.getWidth(), h / target.getHeight());
        double fw = target.getWidth() * scale;
        double fh = target.getHeight() * scale;
        view.setFitWidth(fw);
        view.setFitHeight(fh);
        view.relocate((w - fw) / 2, (h - fh) / 2);
    }

    /** Whether a picture of the customer has been drawn. */
    public boolean hasPicture() {
        return target != null;
    }

    /** Frames drawn on the FX thread so far (for the benchmark and tests). */
    public long framesDrawn() {
        return framesDrawn.get();
    }

    /** Time the FX thread spent drawing frames so far, in nanoseconds. */
    public long drawNanos() {
        return drawNanos.get();
    }

    /** Forgets the picture (call over). Call on the FX thread. */
    public void clear() {
        pending.set(null);
        target = null;
        view.setImage(null);
    }
}
