package de.videoberatung.media.camera;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Paints the "Testbild": colour bars, a bar sweeping across once every two seconds, and a clock
 * with frame counter, so both motion and timing are visible in the picture.
 */
final class TestPatternPainter implements FramePainter {

    private static final Color[] BARS = {
        Color.WHITE, Color.YELLOW, Color.CYAN, Color.GREEN, Color.MAGENTA, Color.RED, Color.BLUE, Color.BLACK
    };
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SS");
    private static final long SWEEP_NANOS = 2_000_000_000L;

    private final String label;

    TestPatternPainter(String label) {
        this.label = label;
    }

    /** Draws one frame; {@code nanos} is the frame's capture time on a monotonic clock. */
    @Override
    public BufferedImage paint(VideoSize size, long nanos, long frameNumber, LocalTime wallClock) {
        int w = size.width();
        int h = size.height();
        // 3-byte BGR is what real webcam drivers hand out, so consumers see the same pixel layout.
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            int barWidth = (w + BARS.length - 1) / BARS.length;
            for (int i = 0; i < BARS.length; i++) {
                g.setColor(BARS[i]);
                g.fillRect(i * barWidth, 0, barWidth, h * 2 / 3);
            }
            g.setColor(new Color(40, 40, 48));
            g.fillRect(0, h * 2 / 3, w, h - h * 2 / 3);

            double phase = (nanos % SWEEP_NANOS) / (double) SWEEP_NANOS;
            int x = (int) (phase * w);
            g.setColor(Color.ORANGE);
            g.setStroke(new BasicStroke(Math.max(4, w / 80f)));
            g.drawLine(x, 0, x, h * 2 / 3);

            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, h / 12)));
            int line = h * 2 / 3 + h / 10;
            g.drawString(label + "  " + w + "x" + h, w / 40, line);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(12, h / 12)));
            g.drawString(CLOCK.format(wallClock) + "  #" + frameNumber, w / 40, line + h / 9);
        } finally {
            g.dispose();
        }
        return image;
    }
}
