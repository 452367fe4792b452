package de.videoberatung.media.call;

import de.videoberatung.media.video.I420;
import de.videoberatung.media.video.VideoFrame;
import org.jitsi.impl.neomedia.codec.video.VPX;

/**
 * Decodes VP8 frames to ARGB pixels with libvpx through libjitsi's JNI binding. libjitsi's own
 * decoder hands frames on as FFmpeg AVFrames, which need a native library not built for Linux.
 * Not thread-safe: one decoder thread owns an instance.
 */
final class Vp8Decoder implements AutoCloseable {

    private long context;
    private final long[] iterator = new long[1];
    private long sequence;

    Vp8Decoder() {
        context = VPX.codec_ctx_malloc();
        int ret = VPX.codec_dec_init(context, VPX.INTEFACE_VP8_DEC, 0, 0);
        if (ret != VPX.CODEC_OK) {
            VPX.free(context);
            context = 0;
            throw new IllegalStateException("VP8 decoder init failed: " + VPX.codec_err_to_string(ret));
        }
    }

    /** The decoded picture, or {@code null} when libvpx rejected the frame. */
    VideoFrame decode(byte[] frame) {
        if (context == 0) {
            throw new IllegalStateException("decoder closed");
        }
        if (VPX.codec_decode(context, frame, 0, frame.length, 0, 0) != VPX.CODEC_OK) {
            return null;
        }
        iterator[0] = 0;
        VideoFrame last = null;
        long img;
        while ((img = VPX.codec_get_frame(context, iterator)) != 0) {
            last = toFrame(img);
        }
        return last;
    }

    private VideoFrame toFrame(long img) {
        int w = VPX.img_get_d_w(img);
        int h = VPX.img_get_d_h(img);
        int yStride = VPX.img_get_stride0(img);
        int uStride = VPX.img_get_stride1(img);
        byte[] y = new byte[yStride * h];
        byte[] u = new byte[uStride * ((h + 1) / 2)];
        byte[] v = new byte[VPX.img_get_stride2(img) * ((h + 1) / 2)];
        VPX.memcpy(y, VPX.img_get_plane0(img), y.length);
        VPX.memcpy(u, VPX.img_get_plane1(img), u.length);
        VPX.memcpy(v, VPX.img_get_plane2(img), v.length);
        return new VideoFrame(w, h, I420.toArgb(y, yStride, u, v, uStride, w, h), ++sequence);
    }

    @Override
    public void close() {
        if (context != 0) {
            VPX.codec_destroy(context);
            VPX.free(context);
            context = 0;
        }
    }
}
