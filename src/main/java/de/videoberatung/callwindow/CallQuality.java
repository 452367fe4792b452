package de.videoberatung.callwindow;

import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.call.StreamStats;

/**
 * The connection's quality in three words, from what the advisor receives and the round trip. The limits
 * follow what a consultation tolerates: up to 150 ms round trip and 2 % loss go unnoticed; beyond 400 ms or
 * 8 % loss people talk over each other and the picture freezes.
 */
public enum CallQuality {
    UNKNOWN, GOOD, FAIR, POOR;

    static final long GOOD_RTT_MS = 150;
    static final long POOR_RTT_MS = 400;
    static final double GOOD_LOSS = 2;
    static final double POOR_LOSS = 8;
    /** Below this the customer's picture is a slide show (VP8 at 640x480 needs ~300 kbps to look fine). */
    static final double POOR_VIDEO_KBPS = 80;
    static final double GOOD_VIDEO_KBPS = 250;

    /** Judges one second of statistics; {@code null} (no media yet) is UNKNOWN. */
    public static CallQuality of(CallStats stats) {
        if (stats == null) {
            return UNKNOWN;
        }
        StreamStats audio = stats.audioIn();
        StreamStats video = stats.videoIn();
        if (audio.packets() == 0 && video.packets() == 0) {
            return UNKNOWN;
        }
        double loss = Math.max(audio.lossPercent(), video.lossPercent());
        long rtt = stats.roundTripMs();
        // A customer without camera sends no video; judge the picture only when there is one.
        boolean hasVideo = video.packets() > 0;
        if (rtt > POOR_RTT_MS || loss > POOR_LOSS || (hasVideo && video.bitrateKbps() < POOR_VIDEO_KBPS)) {
            return POOR;
        }
        boolean rttGood = rtt >= 0 && rtt <= GOOD_RTT_MS;
        if (rttGood && loss <= GOOD_LOSS && (!hasVideo || video.bitrateKbps() >= GOOD_VIDEO_KBPS)) {
            return GOOD;
        }
        return FAIR;
    }
}
