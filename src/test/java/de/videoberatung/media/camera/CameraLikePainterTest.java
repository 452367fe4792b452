package de.videoberatung.media.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera-like Testbild carries what makes real video expensive (fine detail, motion, noise), where the
 * flat pattern carries almost nothing; its clip for Chromium is the same picture.
 */
class CameraLikePainterTest {

    private static final LocalTime TEN = LocalTime.of(10, 0);
    private static final long FRAME = 50_000_000L; // 20 fps

    @Test
    void costsFarMoreThanTheFlatPatternInDetailAndMotion() {
        CameraLikePainter moving = new CameraLikePainter("Testbild (Bewegung)");
        TestPatternPainter flat = new TestPatternPainter("Testbild");
        byte[] m0 = bytes(moving.paint(VideoSize.VGA, 0, 1, TEN));
        byte[] m1 = bytes(moving.paint(VideoSize.VGA, FRAME, 2, TEN));
        byte[] f0 = bytes(flat.paint(VideoSize.VGA, 0, 1, TEN));
        byte[] f1 = bytes(flat.paint(VideoSize.VGA, FRAME, 2, TEN));

        // Compressed size stands in for spatial detail; the changed share of pixels for motion.
        assertThat(deflated(m0)).as("detail of one camera-like frame vs the flat one").isGreaterThan(8 * deflated(f0));
        assertThat(changedShare(m0, m1)).as("share of bytes changing from one frame to the next").isGreaterThan(0.5);
        assertThat(changedShare(f0, f1)).isLessThan(0.1);
    }

    @Test
    void sameTimeSamePictureAndTheMotionLoops() {
        CameraLikePainter a = new CameraLikePainter("x");
        CameraLikePainter b = new CameraLikePainter("x");
        long t = 1_234 * FRAME;
        assertThat(bytes(a.paint(VideoSize.VGA, t, 7, TEN))).isEqualTo(bytes(b.paint(VideoSize.VGA, t, 7, TEN)));
        long loop = CameraLikePainter.LOOP_SECONDS * 1_000_000_000L;
        int frames = CameraLikePainter.LOOP_SECONDS * 20;
        // One loop later the picture is the same above the caption (which counts frames).
        int aboveCaption = 420 * 640 * 3;
        assertThat(Arrays.copyOf(bytes(a.paint(VideoSize.VGA, t + loop, 7 + 60L * CameraLikePainter.LOOP_SECONDS, TEN)),
                aboveCaption)).as("frames %d apart", frames)
                .isEqualTo(Arrays.copyOf(bytes(a.paint(VideoSize.VGA, t, 7, TEN)), aboveCaption));
    }

    @Test
    void theClipForChromiumIsAValidY4mOfTheSamePicture(@TempDir Path dir) throws IOException {
        Path clip = CameraClip.write(dir.resolve("kamera.y4m"), "Kunde", new VideoSize(320, 240), 10);
        byte[] file = Files.readAllBytes(clip);
        String header = new String(file, 0, 64, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("YUV4MPEG2 W320 H240 F10:1 Ip A1:1 C420jpeg\nFRAME\n");
        int headerLength = header.indexOf('\n') + 1;
        int frameLength = "FRAME\n".length() + 320 * 240 * 3 / 2;
        assertThat(file.length).isEqualTo(headerLength + 10 * CameraLikePainter.LOOP_SECONDS * frameLength);

        byte[] expected = new byte[320 * 240 * 3 / 2];
        CameraClip.toI420(bytes(new CameraLikePainter("Kunde").paint(new VideoSize(320, 240), 3 * 100_000_000L, 4,
                TEN.plusNanos(3 * 100_000_000L))), 320, 240, expected);
        byte[] fourth = new byte[expected.length];
        System.arraycopy(file, headerLength + 3 * frameLength + 6, fourth, 0, fourth.length);
        assertThat(fourth).isEqualTo(expected);
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
    }

    private static int deflated(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.size();
    }

    private static double changedShare(byte[] a, byte[] b) {
        int changed = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                changed++;
            }
        }
        return changed / (double) a.length;
    }
}
