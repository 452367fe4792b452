package de.videoberatung.media.camera;

import java.awt.Dimension;

/** A frame size in pixels. */
public record VideoSize(int width, int height) {

    public static final VideoSize VGA = new VideoSize(640, 480);
    public static final VideoSize HD = new VideoSize(1280, 720);

    public VideoSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        }
    }

    static VideoSize of(Dimension d) {
        return new VideoSize(d.width, d.height);
    }

    Dimension toDimension() {
        return new Dimension(width, height);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
