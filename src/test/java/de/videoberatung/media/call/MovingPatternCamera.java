package de.videoberatung.media.call;

import de.videoberatung.media.video.CameraFeed;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** A camera for tests until the devices layer's "Testbild" camera lands: a bar moving over a gradient. */
final class MovingPatternCamera implements CameraFeed {

    private final int width;
    private final int height;
    private final long start = System.nanoTime();

    MovingPatternCamera(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int frameRate() {
        return 15;
    }

    @Override
    public BufferedImage latestImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            for (int x = 0; x < width; x += 8) {
                g.setColor(new Color(x * 255 / width, 80, 255 - x * 255 / width));
                g.fillRect(x, 0, 8, height);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            int pos = (int) (ms / 10 % width);
            g.setColor(Color.WHITE);
            g.fillRect(pos, 0, width / 10, height);
        } finally {
            g.dispose();
        }
        return img;
    }
}
