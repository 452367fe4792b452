package de.videoberatung.media.call;

import java.util.List;

/**
 * The sender-side rate control of a call: a loss-based estimate in the manner of GCC's loss
 * controller (draft-ietf-rmcat-gcc-02 section 6), capped by the browser's delay-based estimate
 * (REMB), turned into what the VP8 encoder should do.
 *
 * <ul>
 *   <li>Estimate: starts at {@link #START_KBPS}; loss under 2 % raises it by 8 % per second (25 % per
 *       second while a fresh REMB is more than twice as high), 2-10 % holds it, over 10 % cuts it by
 *       half the loss fraction (at most every 500 ms). A REMB younger than 5 s caps it, except while
 *       video is suspended (the browser estimates from video packets, so its REMB stands still) and
 *       for {@link #REMB_GRACE_MS} after media starts or video resumes (Chromium reports its start
 *       value of 300 kbit/s, or the stale figure, until it has measured again). After media starts the
 *       estimate does not rise in that time either: nothing has measured the link yet, except a REMB
 *       above the estimate while no report has shown loss of 2 % or more: that one is Chromium's
 *       reading of our first key frame, paced as a probe (its estimator takes a cluster of a stream's
 *       first two seconds as a probe only when the link kept up with it), and the estimate rises to it
 *       at once, as libwebrtc's sender trusts the delay-based estimate in its start phase.</li>
 *   <li>Audio first: the video budget is the estimate minus {@link #AUDIO_KBPS} (Opus with FEC and
 *       packet overhead), at most {@link #MAX_VIDEO_KBPS_VGA} for a camera of 640x480 or less.</li>
 *   <li>Below the floor of a resolution (its pixels at {@link #MIN_FPS} and {@link #BITS_PER_PIXEL})
 *       the frame rate goes down first, then the resolution (640x480, 480x360, 320x240): a picture
 *       of text stays sharp as long as the budget allows. A resolution goes up again only when the
 *       budget is 25 % above the next size's floor and 5 s after the last change.</li>
 *   <li>Below {@link #SUSPEND_BELOW_KBPS} of video budget video is suspended (audio only); it resumes
 *       at {@link #RESUME_AT_KBPS}, and not before 5 s after the suspension.</li>
 * </ul>
 * Not thread-safe; the caller serialises (all input comes from RTCP, one thread per leg, so the
 * owner synchronises).
 */
final class SendRateController {

    static final int START_KBPS = 400;
    static final int AUDIO_KBPS = 40;
    static final int START_VIDEO_KBPS = START_KBPS - AUDIO_KBPS;
    static final int MIN_KBPS = 50;
    static final int MAX_KBPS = 2500;
    /**
     * The most video worth sending at 640x480 and below (WebRTC's default maximum for that size; Chromium's
     * own VP8 at 640x480 settles at ~1,650 kbit/s on an open link): more costs CPU and buys no picture.
     */
    static final int MAX_VIDEO_KBPS_VGA = 1700;
    static final int SUSPEND_BELOW_KBPS = 60;
    static final int RESUME_AT_KBPS = 100;
    static final double MIN_FPS = 10;
    static final double BITS_PER_PIXEL = 0.05;
    private static final long REMB_FRESH_MS = 5000;
    static final long REMB_GRACE_MS = 5000;
    private static final long DECREASE_INTERVAL_MS = 500;
    private static final long RESOLUTION_UP_INTERVAL_MS = 5000;
    private static final long RESUME_AFTER_MS = 5000;

    /** What the encoder should do now. */
    record Decision(int estimateKbps, int videoKbps, double frameRate, int width, int height, boolean suspended) {
    }

    /** One rung of the resolution ladder. */
    record Size(int width, int height) {
        double floorKbps(double fps) {
            return width * height * fps * BITS_PER_PIXEL / 1000;
        }
    }

    private final List<Size> ladder;
    private final double maxFps;
    private final int maxKbps;
    private double estimateKbps = START_KBPS;
    private long rembKbps = -1;
    private long rembAtMs;
    private long rembIgnoredUntilMs = Long.MIN_VALUE;
    private long startPhaseUntilMs = Long.MIN_VALUE;
    private long holdUntilMs = Long.MIN_VALUE;
    private long lastUpdateMs = -1;
    private long lastDecreaseMs = Long.MIN_VALUE / 2;
    private int rung;
    private long rungChangedMs;
    private boolean suspended;
    private long suspendedAtMs;
    private Decision decision;

    SendRateController(int width, int height, double maxFps) {
        this.ladder = List.of(new Size(width & ~1, height & ~1), new Size((width * 3 / 4) & ~1, (height * 3 / 4) & ~1),
                new Size((width / 2) & ~1, (height / 2) & ~1));
        this.maxFps = maxFps;
        this.maxKbps = width * height <= 640 * 480 ? MAX_VIDEO_KBPS_VGA + AUDIO_KBPS : MAX_KBPS;
        decide(0);
    }

    /** A receiver report's loss fraction (0..1) about one of our streams. */
    Decision onLoss(double fraction, long nowMs) {
        double seconds = lastUpdateMs < 0 ? 1 : Math.min(5, (nowMs - lastUpdateMs) / 1000.0);
        lastUpdateMs = nowMs;
        if (fraction >= 0.02) {
            startPhaseUntilMs = Long.MIN_VALUE;
        }
        if (fraction > 0.10) {
            if (nowMs - lastDecreaseMs >= DECREASE_INTERVAL_MS) {
                estimateKbps *= 1 - 0.5 * fraction;
                lastDecreaseMs = nowMs;
            }
        } else if (fraction < 0.02 && nowMs >= holdUntilMs) {
            boolean headroom = rembFresh(nowMs) && rembKbps > 2 * estimateKbps;
            estimateKbps *= 1 + (headroom ? 0.25 : 0.08) * seconds;
        }
        return decide(nowMs);
    }

    /** The browser's receiver-side estimate (REMB) in bit/s. */
    Decision onRemb(long bitsPerSecond, long nowMs) {
        rembKbps = bitsPerSecond / 1000;
        rembAtMs = nowMs;
        if (nowMs < startPhaseUntilMs && rembKbps > estimateKbps) {
            estimateKbps = rembKbps;
        }
        return decide(nowMs);
    }

    Decision decision() {
        return decision;
    }

    /** Media starts (or starts again on a new transport): REMBs of the next seconds are not yet measured. */
    void mediaStarted(long nowMs) {
        rembIgnoredUntilMs = nowMs + REMB_GRACE_MS;
        // Nor is there a measure of the link yet: climbing blind from the start value overshot a 500 kbit/s
        // link within those seconds (estimate 519, the browser's REMB then fell to ~210).
        holdUntilMs = nowMs + REMB_GRACE_MS;
        startPhaseUntilMs = nowMs + REMB_GRACE_MS;
    }

    private boolean rembFresh(long nowMs) {
        return rembKbps >= 0 && nowMs - rembAtMs <= REMB_FRESH_MS && !suspended && nowMs >= rembIgnoredUntilMs;
    }

    private Decision decide(long nowMs) {
        if (rembFresh(nowMs)) {
            estimateKbps = Math.min(estimateKbps, rembKbps);
        }
        estimateKbps = Math.max(MIN_KBPS, Math.min(maxKbps, estimateKbps));
        double video = estimateKbps - AUDIO_KBPS;
        if (suspended) {
            if (video >= RESUME_AT_KBPS && nowMs - suspendedAtMs >= RESUME_AFTER_MS) {
                suspended = false;
                rembIgnoredUntilMs = nowMs + REMB_GRACE_MS;
                rung = ladder.size() - 1;
                rungChangedMs = nowMs;
            }
        } else if (video < SUSPEND_BELOW_KBPS) {
            suspended = true;
            suspendedAtMs = nowMs;
        }
        if (!suspended) {
            while (rung < ladder.size() - 1 && video < ladder.get(rung).floorKbps(MIN_FPS)) {
                rung++;
                rungChangedMs = nowMs;
            }
            if (rung > 0 && video >= 1.25 * ladder.get(rung - 1).floorKbps(MIN_FPS)
                    && nowMs - rungChangedMs >= RESOLUTION_UP_INTERVAL_MS) {
                rung--;
                rungChangedMs = nowMs;
            }
        }
        Size size = ladder.get(rung);
        double minFps = Math.min(MIN_FPS, maxFps);
        double fps = Math.max(minFps, Math.min(maxFps, Math.floor(video / size.floorKbps(1))));
        decision = new Decision((int) Math.round(estimateKbps), (int) Math.round(Math.max(0, video)), fps,
                size.width(), size.height(), suspended);
        return decision;
    }
}
