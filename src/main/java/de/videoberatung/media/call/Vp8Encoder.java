package de.videoberatung.media.call;

import org.jitsi.impl.neomedia.codec.video.VPX;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's VP8 encoder on libvpx through libjitsi's JNI binding, with the controls libjitsi's
 * own {@code VPXEncoder} lacks: target bitrate, frame rate and resolution at run time, and key
 * frames on request.
 *
 * <p>What the binding allows shapes the design: {@code codec_enc_config_set} is broken natively
 * (it passes the context as the configuration) and there is no {@code codec_control}, so a changed
 * bitrate or size means destroying and re-initialising the encoder (which costs a key frame, and
 * libvpx drops a few frames after it to refill its buffer: a visible stutter). So re-inits are rare:
 * what matters to libvpx is the budget per frame, and a lower frame rate (decimation) lowers the rate
 * with the same per-frame budget, so the ladder's frame-rate step needs none. A drop of the per-frame
 * budget by more than {@link #DOWN_THRESHOLD} re-inits after {@link #DOWN_INTERVAL_NANOS} (below
 * {@link #BIG_DROP} at once: the link is congested); a rise by more than {@link #UP_THRESHOLD} after
 * {@link #UP_INTERVAL_NANOS} (a ramp-up then takes a few large steps, not a key frame a second). A key
 * frame is forced with {@code VPX_EFLAG_FORCE_KF} on the next encoded frame, at most every
 * {@link #MIN_KEY_FRAME_INTERVAL_NANOS}; key frames otherwise come only every {@link #KF_MAX_DIST}
 * frames, because the receiver asks when it needs one.
 *
 * <p>libvpx runs on its default 1/30 s timebase with each frame lasting one tick, so it budgets
 * target/30 bits per frame whatever the real rate: the configured bitrate is the target scaled by
 * 30/fps, with fps the measured rate of encoded frames.
 *
 * <p>The setters may be called from any thread; they take effect on the next frame. {@link #encode}
 * and {@link #close} belong to the media thread that feeds frames (they are synchronised against
 * each other).
 */
final class Vp8Encoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Vp8Encoder.class);

    /** libvpx's {@code VPX_EFLAG_FORCE_KF}. */
    static final long FORCE_KEY_FRAME = 1;
    static final int KF_MAX_DIST = 3000;
    static final long MIN_KEY_FRAME_INTERVAL_NANOS = 300_000_000L;
    static final double DOWN_THRESHOLD = 0.15;
    static final long DOWN_INTERVAL_NANOS = 1_000_000_000L;
    static final double BIG_DROP = 0.6;
    static final double UP_THRESHOLD = 0.25;
    static final long UP_INTERVAL_NANOS = 3_000_000_000L;
    private static final int LIBVPX_TIMEBASE_FPS = 30;

    /** One encoded frame. */
    record Frame(byte[] data, boolean keyFrame, int width, int height) {
    }

    private volatile int targetKbps;
    private final double maxFrameRate;
    private volatile double frameRate;
    private volatile int width;
    private volatile int height;
    private volatile boolean suspended;
    private volatile long keyFrameRequests;
    private volatile long reinits;
    private volatile long lastKeyFrameNanos;
    private volatile int encodedWidth;
    private volatile int encodedHeight;
    private final Context own = new Context();

    private volatile long framesEncoded;
    private volatile long keyFrames;
    private volatile long forcedKeyFrames;
    private volatile long bytesEncoded;
    private volatile long framesDropped;
    private volatile long framesDecimated;

    /**
     * @param targetKbps the first target bitrate of the video (RTP payload)
     * @param frameRate the highest frame rate to encode; frames coming faster are dropped
     * @param width the encoded width; 0 to encode at the input size
     * @param height the encoded height; 0 to encode at the input size
     */
    Vp8Encoder(int targetKbps, double frameRate, int width, int height) {
        this.targetKbps = targetKbps;
        this.maxFrameRate = frameRate;
        this.frameRate = frameRate;
        this.width = width;
        this.height = height;
    }

    void setTargetBitrate(int kbps) {
        targetKbps = Math.max(10, kbps);
    }

    void setFrameRate(double fps) {
        frameRate = Math.max(1, fps);
    }

    /** The encoded picture size; input of another size is scaled to it. Even sizes only (I420). */
    void setResolution(int w, int h) {
        width = w & ~1;
        height = h & ~1;
    }

    /** Suspended, the encoder drops every frame; on resume its first frame is a key frame. */
    void setSuspended(boolean on) {
        if (suspended && !on) {
            keyFrameRequests++;
        }
        suspended = on;
    }

    boolean suspended() {
        return suspended;
    }

    /** Asks for a key frame on the next encoded frame; requests closer together than 300 ms are merged. */
    synchronized void requestKeyFrame() {
        keyFrameRequests++;
    }

    int targetKbps() {
        return targetKbps;
    }

    double frameRate() {
        return frameRate;
    }

    /** The size last encoded. */
    int width() {
        return encodedWidth;
    }

    int height() {
        return encodedHeight;
    }

    long framesEncoded() {
        return framesEncoded;
    }

    long keyFrames() {
        return keyFrames;
    }

    long forcedKeyFrames() {
        return forcedKeyFrames;
    }

    /** How often libvpx was (re-)initialised: each one cost a key frame. */
    long reinits() {
        return reinits;
    }

    long bytesEncoded() {
        return bytesEncoded;
    }

    /** Frames libvpx's rate control dropped (its buffer was too full), for the call's log. */
    long framesDropped() {
        return framesDropped;
    }

    /** Input frames skipped to hold the frame rate the controller asks for. */
    long framesDecimated() {
        return framesDecimated;
    }

    /** System.nanoTime() of the last key frame that left the encoder, 0 before the first. */
    long lastKeyFrameNanos() {
        return lastKeyFrameNanos;
    }

    /**
     * Encodes one I420 picture captured at {@code nanos} (System.nanoTime()) with this object's own
     * libvpx context (the codec in a processor uses one of {@link #newContext()}).
     *
     * @return the encoded frame, or {@code null} when the frame was dropped (frame rate, suspension,
     *     or libvpx's own rate control)
     */
    Frame encode(byte[] i420, int inWidth, int inHeight, long nanos) {
        return own.encode(i420, inWidth, inHeight, nanos);
    }

    /**
     * A libvpx context of its own, driven by this encoder's settings. Each processor needs one: on a
     * fresh offer the old stream's processor still encodes for a moment while the new one starts, and
     * frames from one context split between two streams would break both reference chains.
     */
    Context newContext() {
        return new Context();
    }

    /** The bitrate handed to libvpx (target scaled by 30/fps), for tests and statistics. */
    int configuredKbps() {
        return own.configuredKbps();
    }

    @Override
    public void close() {
        own.close();
    }

    /** One libvpx encoder instance and its per-stream state; owned by one media thread at a time. */
    final class Context implements AutoCloseable {
        private long context;
        private long cfg;
        private long img;
        private final long[] iterator = new long[1];
        private int openWidth;
        private int openHeight;
        private int configuredKbps;
        private long lastReinitNanos;
        private long lastForcedNanos = Long.MIN_VALUE / 2;
        private int droppedInARow;
        private long lastEncodedNanos;
        private long nextDueNanos;
        private double measuredFps;
        private double scalingFps;
        private long pts;
        private long servedRequests;
        private byte[] scaled;

        /**
         * Encodes one I420 picture captured at {@code nanos} (System.nanoTime()).
         *
         * @return the encoded frame, or {@code null} when the frame was dropped (frame rate, suspension,
         *     or libvpx's own rate control)
         */
        synchronized Frame encode(byte[] i420, int inWidth, int inHeight, long nanos) {
            if (suspended) {
                return null;
            }
            if (!due(nanos)) {
                framesDecimated++;
                return null;
            }
            int w = width > 0 ? width : inWidth & ~1;
            int h = height > 0 ? height : inHeight & ~1;
            byte[] picture = i420;
            if (w != inWidth || h != inHeight) {
                int size = w * h * 3 / 2;
                if (scaled == null || scaled.length != size) {
                    scaled = new byte[size];
                }
                I420Scaler.scale(i420, inWidth, inHeight, scaled, w, h);
                picture = scaled;
            }
            measureRate(nanos);
            boolean reinitialised = configure(w, h, nanos);
            long flags = 0;
            long requests = keyFrameRequests;
            if (requests != servedRequests && !reinitialised && nanos - lastForcedNanos >= MIN_KEY_FRAME_INTERVAL_NANOS) {
                flags = FORCE_KEY_FRAME;
            }
            if (reinitialised || flags != 0) {
                servedRequests = requests;
                lastForcedNanos = nanos;
            }
            int ySize = w * h;
            int ret = VPX.codec_encode(context, img, picture, 0, ySize, ySize + ySize / 4, ++pts, 1, flags,
                    VPX.DL_REALTIME);
            if (ret != VPX.CODEC_OK) {
                return null;
            }
            Frame frame = null;
            iterator[0] = 0;
            long pkt;
            while ((pkt = VPX.codec_get_cx_data(context, iterator)) != 0) {
                if (frame == null && VPX.codec_cx_pkt_get_kind(pkt) == VPX.CODEC_CX_FRAME_PKT) {
                    byte[] data = new byte[VPX.codec_cx_pkt_get_size(pkt)];
                    VPX.memcpy(data, VPX.codec_cx_pkt_get_data(pkt), data.length);
                    // RFC 6386 9.1: bit 0 of the frame tag is 0 for a key frame.
                    frame = new Frame(data, data.length > 0 && (data[0] & 1) == 0, w, h);
                }
            }
            if (frame == null) {
                framesDropped++;
                droppedInARow++;
            } else {
                if (droppedInARow > 1) {
                    LOG.debug("libvpx dropped {} frames in a row ({} kbit/s at {}x{})", droppedInARow, configuredKbps, w, h);
                }
                droppedInARow = 0;
                framesEncoded++;
                bytesEncoded += frame.data().length;
                if (frame.keyFrame()) {
                    keyFrames++;
                    lastKeyFrameNanos = nanos;
                    if (flags == FORCE_KEY_FRAME) {
                        forcedKeyFrames++;
                    }
                }
            }
            return frame;
        }

        /**
         * Frame-rate decimation: a frame is encoded when its time has come (10 ms of capture jitter
         * allowed), so a lower rate drops input frames evenly. At the camera's own rate every frame goes.
         */
        private boolean due(long nanos) {
            double fps = frameRate;
            if (fps >= maxFrameRate) {
                nextDueNanos = 0;
                return true;
            }
            long interval = (long) (1e9 / fps);
            if (nextDueNanos != 0 && nanos - (nextDueNanos - 10_000_000L) < 0) {
                return false;
            }
            nextDueNanos = nextDueNanos == 0 ? nanos + interval : Math.max(nextDueNanos + interval, nanos - interval / 2);
            return true;
        }

        private void measureRate(long nanos) {
            if (lastEncodedNanos != 0) {
                double fps = 1e9 / Math.max(1, nanos - lastEncodedNanos);
                measuredFps = measuredFps == 0 ? fps : measuredFps * 0.9 + fps * 0.1;
            }
            lastEncodedNanos = nanos;
        }

        /**
         * The libvpx bitrate that yields the target at the frame rate encoded: the requested rate, or
         * the measured one when the camera (or a busy machine) delivers clearly less. The measured rate
         * moves the scaling only when it is 20 % off: capture jitter must not cost re-inits.
         */
        private int configuredKbpsFor(int target) {
            double requested = frameRate;
            double fps = requested;
            if (measuredFps > 0 && measuredFps < 0.8 * requested) {
                if (scalingFps == 0 || Math.abs(measuredFps - scalingFps) > 0.2 * scalingFps) {
                    scalingFps = measuredFps;
                }
                fps = Math.min(requested, scalingFps);
            } else {
                scalingFps = requested;
            }
            fps = Math.max(1, Math.min(LIBVPX_TIMEBASE_FPS, fps));
            return (int) Math.round(target * LIBVPX_TIMEBASE_FPS / fps);
        }

        /** Opens or re-initialises libvpx when size or (coalesced) bitrate changed; true if it did. */
        private boolean configure(int w, int h, long nanos) {
            int wanted = configuredKbpsFor(targetKbps);
            if (context != 0 && w == openWidth && h == openHeight && !reinitDue(wanted, nanos)) {
                return false;
            }
            if (context == 0) {
                context = VPX.codec_ctx_malloc();
                cfg = VPX.codec_enc_cfg_malloc();
                img = VPX.img_malloc();
                VPX.codec_enc_config_default(VPX.INTERFACE_VP8_ENC, cfg, 0);
            } else {
                VPX.codec_destroy(context);
            }
            VPX.img_set_fmt(img, VPX.IMG_FMT_I420);
            VPX.img_set_bps(img, 12);
            VPX.img_set_w(img, w);
            VPX.img_set_d_w(img, w);
            VPX.img_set_h(img, h);
            VPX.img_set_d_h(img, h);
            VPX.img_set_stride0(img, w);
            VPX.img_set_stride1(img, w / 2);
            VPX.img_set_stride2(img, w / 2);
            VPX.img_set_stride3(img, 0);
            VPX.codec_enc_cfg_set_w(cfg, w);
            VPX.codec_enc_cfg_set_h(cfg, h);
            VPX.codec_enc_cfg_set_threads(cfg, 1);
            VPX.codec_enc_cfg_set_rc_target_bitrate(cfg, wanted);
            VPX.codec_enc_cfg_set_rc_end_usage(cfg, VPX.RC_MODE_CBR);
            // The controller picks the resolution; libvpx's own resizing would undo that.
            VPX.codec_enc_cfg_set_rc_resize_allowed(cfg, 0);
            // Real-time settings as WebRTC's VP8 wrapper uses them: drop frames rather than overshoot.
            VPX.codec_enc_cfg_set_rc_dropframe_thresh(cfg, 30);
            VPX.codec_enc_cfg_set_rc_min_quantizer(cfg, 2);
            VPX.codec_enc_cfg_set_rc_max_quantizer(cfg, 56);
            VPX.codec_enc_cfg_set_rc_undershoot_pct(cfg, 100);
            VPX.codec_enc_cfg_set_rc_overshoot_pct(cfg, 15);
            VPX.codec_enc_cfg_set_rc_buf_sz(cfg, 1000);
            // libvpx sizes the first key frame from the initial buffer level (half of it): a low level
            // keeps the key frame each re-init costs small enough for a weak link's queue.
            VPX.codec_enc_cfg_set_rc_buf_initial_sz(cfg, 200);
            VPX.codec_enc_cfg_set_rc_buf_optimal_sz(cfg, 600);
            VPX.codec_enc_cfg_set_kf_mode(cfg, VPX.KF_MODE_AUTO);
            VPX.codec_enc_cfg_set_kf_max_dist(cfg, KF_MAX_DIST);
            VPX.codec_enc_cfg_set_error_resilient(cfg, VPX.ERROR_RESILIENT_DEFAULT);
            int ret = VPX.codec_enc_init(context, VPX.INTERFACE_VP8_ENC, cfg, 0);
            if (ret != VPX.CODEC_OK) {
                throw new IllegalStateException("VP8 encoder init failed: " + VPX.codec_err_to_string(ret));
            }
            openWidth = w;
            openHeight = h;
            encodedWidth = w;
            encodedHeight = h;
            configuredKbps = wanted;
            reinits++;
            LOG.debug("VP8 encoder (re)initialised: {}x{}, target {} kbit/s, libvpx {} kbit/s at {} fps", w, h, targetKbps,
                    wanted, Math.round(scalingFps));
            lastReinitNanos = nanos;
            pts = 0;
            return true;
        }

        /** Whether a changed per-frame budget is worth a key frame now (the class comment has the rule). */
        private boolean reinitDue(int wanted, long nanos) {
            long since = nanos - lastReinitNanos;
            if (wanted < configuredKbps * BIG_DROP) {
                return true;
            }
            if (wanted < configuredKbps * (1 - DOWN_THRESHOLD)) {
                return since >= DOWN_INTERVAL_NANOS;
            }
            return wanted > configuredKbps * (1 + UP_THRESHOLD) && since >= UP_INTERVAL_NANOS;
        }

        synchronized int configuredKbps() {
            return configuredKbps;
        }

        @Override
        public synchronized void close() {
            if (context != 0) {
                VPX.codec_destroy(context);
                VPX.free(context);
                context = 0;
            }
            if (img != 0) {
                VPX.free(img);
                img = 0;
            }
            if (cfg != 0) {
                VPX.free(cfg);
                cfg = 0;
            }
            lastEncodedNanos = 0;
            nextDueNanos = 0;
        }
    }
}
