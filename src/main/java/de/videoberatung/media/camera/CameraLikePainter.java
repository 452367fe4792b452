package de.videoberatung.media.camera;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paints a picture that costs a video encoder what a webcam does, unlike the flat
 * {@link TestPatternPainter}: a textured background that pans like a hand-held camera, a person-like
 * figure swaying in front of it, a sheet of small print (fine detail that must stay legible), a clock,
 * and sensor noise on every pixel. All motion repeats every {@link #LOOP_SECONDS} seconds, so a clip
 * of that length loops without a seam; the same frame time always gives the same picture.
 */
final class CameraLikePainter implements FramePainter {

    /** Motion period: a clip of this many seconds loops seamlessly. */
    static final int LOOP_SECONDS = 6;
    private static final double LOOP_NANOS = LOOP_SECONDS * 1e9;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SS");
    private static final String[] WORDS = {
        "Antrag", "Bescheid", "Leistung", "Termin", "Nachweis", "Einkommen", "Miete", "Kosten", "Frist",
        "Beratung", "Unterlagen", "Konto", "Zahlung", "Monat", "Betrag", "Euro", "vom", "bis", "und", "für",
    };

    private final String label;
    /** Background textures by frame size: generated once, then panned. */
    private final Map<VideoSize, Texture> textures = new ConcurrentHashMap<>();

    CameraLikePainter(String label) {
        this.label = label;
    }

    private record Texture(byte[] bgr, int width, int height, int margin) {
    }

    @Override
    public BufferedImage paint(VideoSize size, long nanos, long frameNumber, LocalTime wallClock) {
        int w = size.width();
        int h = size.height();
        double phase = 2 * Math.PI * ((nanos % (long) LOOP_NANOS) / LOOP_NANOS);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();

        Texture t = textures.computeIfAbsent(size, CameraLikePainter::texture);
        int panX = t.margin + (int) Math.round(t.margin * 0.9 * Math.sin(phase));
        int panY = t.margin + (int) Math.round(t.margin * 0.6 * Math.sin(2 * phase + 1));
        for (int y = 0; y < h; y++) {
            System.arraycopy(t.bgr, ((y + panY) * t.width + panX) * 3, pixels, y * w * 3, w * 3);
        }

        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int shiftX = t.margin - panX;
            int shiftY = t.margin - panY;
            paper(g, w, h, shiftX, shiftY);
            person(g, w, h, phase, shiftX, shiftY);
            g.setColor(new Color(0, 0, 0, 150));
            g.fillRect(0, h - h / 9, w, h / 9);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(10, h / 24)));
            g.drawString(label + "  " + w + "x" + h + "  " + CLOCK.format(wallClock) + "  #" + frameNumber,
                    w / 40, h - h / 30);
        } finally {
            g.dispose();
        }
        sensorNoise(pixels, frameNumber);
        return image;
    }

    /** A sheet of small print on the wall behind: fine detail an encoder starved of bits smears first. */
    private static void paper(Graphics2D g, int w, int h, int shiftX, int shiftY) {
        int x = w * 3 / 5 + shiftX;
        int y = h / 10 + shiftY;
        int pw = w / 3;
        int ph = h * 2 / 3;
        g.setColor(new Color(236, 232, 220));
        g.fillRect(x, y, pw, ph);
        g.setColor(new Color(30, 30, 40));
        int fontSize = Math.max(7, h / 48);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        Random words = new Random(42);
        for (int line = y + fontSize + 4; line < y + ph - 4; line += fontSize + 3) {
            StringBuilder text = new StringBuilder();
            while (text.length() < pw / (fontSize * 0.55)) {
                text.append(WORDS[words.nextInt(WORDS.length)]).append(' ');
            }
            g.drawString(text.toString(), x + 4, line);
        }
    }

    /** Head and shoulders, swaying slowly, with a hand moving faster in front. */
    private static void person(Graphics2D g, int w, int h, double phase, int shiftX, int shiftY) {
        int cx = w / 3 + (int) (w / 10.0 * Math.sin(phase)) + shiftX / 2;
        int cy = h / 3 + (int) (h / 40.0 * Math.sin(3 * phase)) + shiftY / 2;
        int head = h / 4;
        g.setPaint(new GradientPaint(cx - head, cy, new Color(40, 70, 120), cx + head, cy + h, new Color(20, 35, 70)));
        g.fillRoundRect(cx - head * 3 / 2, cy + head * 3 / 4, head * 3, h, head, head);
        g.setPaint(new GradientPaint(cx - head / 2, cy - head / 2, new Color(236, 190, 160),
                cx + head / 2, cy + head / 2, new Color(170, 120, 95)));
        g.fillOval(cx - head / 2, cy - head * 2 / 3, head, head * 4 / 3);
        g.setColor(new Color(60, 40, 30));
        g.fillArc(cx - head / 2, cy - head * 2 / 3, head, head * 2 / 3, 0, 180);
        g.setColor(new Color(30, 20, 20));
        int eyeY = cy - head / 10;
        g.fillOval(cx - head / 4, eyeY, head / 10, head / 14);
        g.fillOval(cx + head / 6, eyeY, head / 10, head / 14);
        int mouth = (int) (head / 12.0 * (1 + Math.sin(12 * phase)));
        g.fillOval(cx - head / 8, cy + head / 3, head / 4, Math.max(2, mouth));
        int handX = cx + head + (int) (head * 0.8 * Math.sin(4 * phase));
        int handY = cy + head + (int) (head * 0.5 * Math.cos(4 * phase));
        g.setColor(new Color(220, 170, 140));
        g.fillOval(handX, handY, head / 2, head * 2 / 3);
    }

    /** Temporal noise of a small sensor, different in every frame of the loop. */
    private static void sensorNoise(byte[] pixels, long frameNumber) {
        long state = 0x9E3779B97F4A7C15L * (frameNumber % (LOOP_SECONDS * 60L) + 1);
        for (int i = 0; i < pixels.length; i += 8) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            long r = state;
            int end = Math.min(pixels.length, i + 8);
            for (int j = i; j < end; j++, r >>>= 8) {
                int v = (pixels[j] & 0xff) + (int) (r & 7) - 3;
                pixels[j] = (byte) Math.max(0, Math.min(255, v));
            }
        }
    }

    /** Multi-octave value noise, tinted like a room wall with some structure, larger than the frame. */
    private static Texture texture(VideoSize size) {
        int margin = Math.max(16, size.width() / 16);
        int tw = size.width() + 2 * margin;
        int th = size.height() + 2 * margin;
        float[] value = new float[tw * th];
        Random random = new Random(7);
        for (int cell : new int[] {64, 16, 4}) {
            int gw = tw / cell + 2;
            int gh = th / cell + 2;
            float[] grid = new float[gw * gh];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = random.nextFloat();
            }
            float weight = cell / 84f;
            for (int y = 0; y < th; y++) {
                int gy = y / cell;
                float fy = (y % cell) / (float) cell;
                for (int x = 0; x < tw; x++) {
                    int gx = x / cell;
                    float fx = (x % cell) / (float) cell;
                    float top = grid[gy * gw + gx] * (1 - fx) + grid[gy * gw + gx + 1] * fx;
                    float bottom = grid[(gy + 1) * gw + gx] * (1 - fx) + grid[(gy + 1) * gw + gx + 1] * fx;
                    value[y * tw + x] += weight * (top * (1 - fy) + bottom * fy);
                }
            }
        }
        byte[] bgr = new byte[tw * th * 3];
        for (int i = 0; i < value.length; i++) {
            float v = 60 + 150 * Math.min(1f, value[i]) + (random.nextFloat() - 0.5f) * 24;
            bgr[3 * i] = clamp(v * 0.80f);
            bgr[3 * i + 1] = clamp(v * 0.95f);
            bgr[3 * i + 2] = clamp(v * 1.05f);
        }
        return new Texture(bgr, tw, th, margin);
    }

    private static byte clamp(float v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
