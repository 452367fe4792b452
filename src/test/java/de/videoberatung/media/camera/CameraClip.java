package de.videoberatung.media.camera;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;

/**
 * The camera-like Testbild ({@link TestbildDriver#plugMoving}) as a Y4M clip for Chromium's
 * {@code --use-file-for-fake-video-capture}: the same painter, one motion loop long, so the customer's
 * fake camera and the advisor's synthetic one cost their encoders the same.
 */
public final class CameraClip {

    private CameraClip() {
    }

    /** Writes {@code fps} × the painter's loop length frames of {@code size} as 4:2:0 Y4M; returns the file. */
    public static Path write(Path file, String label, VideoSize size, int fps) throws IOException {
        CameraLikePainter painter = new CameraLikePainter(label);
        int w = size.width();
        int h = size.height();
        int frames = fps * CameraLikePainter.LOOP_SECONDS;
        LocalTime clock = LocalTime.of(10, 0);
        byte[] yuv = new byte[w * h * 3 / 2];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F" + fps + ":1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int n = 0; n < frames; n++) {
                long nanos = n * 1_000_000_000L / fps;
                BufferedImage image = painter.paint(size, nanos, n + 1, clock.plusNanos(nanos));
                toI420(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), w, h, yuv);
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(yuv);
            }
        }
        return file;
    }

    /** Full-range BT.601 (what "C420jpeg" means), chroma averaged over each 2x2 block. */
    static void toI420(byte[] bgr, int w, int h, byte[] yuv) {
        int uOffset = w * h;
        int vOffset = uOffset + w * h / 4;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                int b = bgr[i] & 0xff;
                int g = bgr[i + 1] & 0xff;
                int r = bgr[i + 2] & 0xff;
                yuv[y * w + x] = (byte) clamp(0.299 * r + 0.587 * g + 0.114 * b);
            }
        }
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int i = ((y + dy) * w + x + dx) * 3;
                        b += bgr[i] & 0xff;
                        g += bgr[i + 1] & 0xff;
                        r += bgr[i + 2] & 0xff;
                    }
                }
                double rr = r / 4.0;
                double gg = g / 4.0;
                double bb = b / 4.0;
                int c = (y / 2) * (w / 2) + x / 2;
                yuv[uOffset + c] = (byte) clamp(128 - 0.168736 * rr - 0.331264 * gg + 0.5 * bb);
                yuv[vOffset + c] = (byte) clamp(128 + 0.5 * rr - 0.418688 * gg - 0.081312 * bb);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
