package de.videoberatung.media.video;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Colour conversion between RGB and planar YUV 4:2:0 (I420), BT.601 limited range as VP8 expects.
 * Done in Java because libjitsi's RGB path needs FFmpeg's swscale, which has no Linux native.
 */
public final class I420 {

    private I420() {
    }

    /** Size in bytes of an I420 picture; width and height must be even. */
    public static int frameSize(int width, int height) {
        return width * height * 3 / 2;
    }

    /**
     * Writes {@code image}, scaled to {@code width x height} if needed, into {@code out} as I420.
     * Chroma is the average of each 2x2 block.
     */
    public static void fromImage(BufferedImage image, int width, int height, byte[] out) {
        int[] rgb = intRgb(image, width, height);
        int ySize = width * height;
        int uOff = ySize;
        int vOff = ySize + ySize / 4;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int p = rgb[row + x];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                out[row + x] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
            }
        }
        int cw = width / 2;
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x += 2) {
                int i = y * width + x;
                int p0 = rgb[i];
                int p1 = rgb[i + 1];
                int p2 = rgb[i + width];
                int p3 = rgb[i + width + 1];
                int r = (((p0 >> 16) & 0xff) + ((p1 >> 16) & 0xff) + ((p2 >> 16) & 0xff) + ((p3 >> 16) & 0xff)) >> 2;
                int g = (((p0 >> 8) & 0xff) + ((p1 >> 8) & 0xff) + ((p2 >> 8) & 0xff) + ((p3 >> 8) & 0xff)) >> 2;
                int b = ((p0 & 0xff) + (p1 & 0xff) + (p2 & 0xff) + (p3 & 0xff)) >> 2;
                int c = (y / 2) * cw + x / 2;
                out[uOff + c] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                out[vOff + c] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
            }
        }
    }

    /** Fills {@code out} with a black I420 picture. */
    public static void black(int width, int height, byte[] out) {
        int ySize = width * height;
        Arrays.fill(out, 0, ySize, (byte) 16);
        Arrays.fill(out, ySize, ySize * 3 / 2, (byte) 128);
    }

    /**
     * Converts I420 planes with the given strides into opaque ARGB pixels.
     */
    public static int[] toArgb(byte[] yPlane, int yStride, byte[] uPlane, byte[] vPlane, int uvStride,
                               int width, int height) {
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            int yRow = y * yStride;
            int cRow = (y >> 1) * uvStride;
            int outRow = y * width;
            for (int x = 0; x < width; x++) {
                int c = (yPlane[yRow + x] & 0xff) - 16;
                int d = (uPlane[cRow + (x >> 1)] & 0xff) - 128;
                int e = (vPlane[cRow + (x >> 1)] & 0xff) - 128;
                int c298 = 298 * c + 128;
                int r = clamp((c298 + 409 * e) >> 8);
                int g = clamp((c298 - 100 * d - 208 * e) >> 8);
                int b = clamp((c298 + 516 * d) >> 8);
                argb[outRow + x] = 0xff000000 | (r << 16) | (g << 8) | b;
            }
        }
        return argb;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    private static int[] intRgb(BufferedImage image, int width, int height) {
        boolean direct = image.getWidth() == width && image.getHeight() == height
                && (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB)
                && image.getRaster().getDataBuffer() instanceof DataBufferInt
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0;
        if (direct) {
            return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        }
        BufferedImage copy = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferInt) copy.getRaster().getDataBuffer()).getData();
    }
}
