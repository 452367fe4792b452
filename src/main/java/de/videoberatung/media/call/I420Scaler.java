package de.videoberatung.media.call;

/**
 * Scales I420 pictures (planar Y, U, V, chroma at half resolution, no padding) with bilinear
 * filtering, for the encoder's lower resolutions on weak links. Downscaling by at most a factor of
 * two (640x480 to 320x240) needs no wider filter than bilinear.
 */
final class I420Scaler {

    private I420Scaler() {
    }

    static void scale(byte[] src, int sw, int sh, byte[] dst, int dw, int dh) {
        int sy = sw * sh;
        int dy = dw * dh;
        plane(src, 0, sw, sh, dst, 0, dw, dh);
        plane(src, sy, sw / 2, sh / 2, dst, dy, dw / 2, dh / 2);
        plane(src, sy + sy / 4, sw / 2, sh / 2, dst, dy + dy / 4, dw / 2, dh / 2);
    }

    private static void plane(byte[] src, int so, int sw, int sh, byte[] dst, int d0, int dw, int dh) {
        // 16.16 fixed point source coordinates of pixel centres.
        long stepX = ((long) sw << 16) / dw;
        long stepY = ((long) sh << 16) / dh;
        int d = d0;
        for (int y = 0; y < dh; y++) {
            long fy = Math.max(0, (y * stepY) + stepY / 2 - (1 << 15));
            int y0 = Math.min(sh - 1, (int) (fy >> 16));
            int y1 = Math.min(sh - 1, y0 + 1);
            int wy = (int) (fy & 0xffff) >> 8;
            int r0 = so + y0 * sw;
            int r1 = so + y1 * sw;
            for (int x = 0; x < dw; x++) {
                long fx = Math.max(0, (x * stepX) + stepX / 2 - (1 << 15));
                int x0 = Math.min(sw - 1, (int) (fx >> 16));
                int x1 = Math.min(sw - 1, x0 + 1);
                int wx = (int) (fx & 0xffff) >> 8;
                int top = (src[r0 + x0] & 0xff) * (256 - wx) + (src[r0 + x1] & 0xff) * wx;
                int bottom = (src[r1 + x0] & 0xff) * (256 - wx) + (src[r1 + x1] & 0xff) * wx;
                dst[d++] = (byte) ((top * (256 - wy) + bottom * wy + (1 << 15)) >> 16);
            }
        }
    }
}
