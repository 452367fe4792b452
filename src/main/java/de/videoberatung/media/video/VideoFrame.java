package de.videoberatung.media.video;

/**
 * One decoded video picture. Pixels are opaque 0xFFRRGGBB ints in rows of {@code width}: opaque ARGB
 * equals premultiplied ARGB, so JavaFX can wrap the array in a {@code PixelBuffer} with
 * {@code PixelFormat.getIntArgbPreInstance()} or copy it with {@code PixelWriter.setPixels} without
 * converting. The array belongs to the receiver once handed over; the producer never reuses it.
 */
public record VideoFrame(int width, int height, int[] argb, long sequence) {

    public VideoFrame {
        if (argb.length < width * height) {
            throw new IllegalArgumentException("pixel array smaller than " + width + "x" + height);
        }
    }
}
