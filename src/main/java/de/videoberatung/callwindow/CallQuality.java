package de.videoberatung.callwindow;

import de.videoberatung.i18n.Messages;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.call.CustomerReceives;
import de.videoberatung.media.call.StreamStats;
import java.util.Locale;

/**
 * The connection's quality in three words, judged by the worse of the two directions: what the advisor
 * receives (measured by the engine) and what the customer receives (from the browser's receiver reports
 * and bandwidth estimate). The limits follow what a consultation tolerates: up to 150 ms round trip and
 * 2 % loss go unnoticed; beyond 400 ms or 8 % loss people talk over each other and the picture freezes.
 */
public enum CallQuality {
    UNKNOWN, GOOD, FAIR, POOR;

    static final long GOOD_RTT_MS = 150;
    static final long POOR_RTT_MS = 400;
    static final double GOOD_LOSS = 2;
    static final double POOR_LOSS = 8;
    /** Below this the picture is a slide show (VP8 at 640x480 needs ~300 kbps to look fine). */
    static final double POOR_VIDEO_KBPS = 80;
    static final double GOOD_VIDEO_KBPS = 250;

    /** Judges one second of statistics; {@code null} (no media yet) is UNKNOWN. */
    public static CallQuality of(CallStats stats) {
        CallQuality advisor = advisorReceives(stats);
        CallQuality customer = customerReceives(stats);
        if (advisor == UNKNOWN) {
            return customer;
        }
        return customer.ordinal() > advisor.ordinal() ? customer : advisor;
    }

    /** What the advisor receives: loss and rate of the customer's media, and the round trip. */
    static CallQuality advisorReceives(CallStats stats) {
        if (stats == null) {
            return UNKNOWN;
        }
        StreamStats audio = stats.audioIn();
        StreamStats video = stats.videoIn();
        if (audio.packets() == 0 && video.packets() == 0) {
            return UNKNOWN;
        }
        // A customer without camera sends no video; judge the picture only when there is one.
        boolean hasVideo = video.packets() > 0;
        return judge(stats.roundTripMs(), Math.max(audio.lossPercent(), video.lossPercent()),
                hasVideo ? video.bitrateKbps() : -1);
    }

    /** What the customer receives of ours, by their reports; UNKNOWN until the first report. */
    static CallQuality customerReceives(CallStats stats) {
        if (stats == null || !stats.customerReceives().known()) {
            return UNKNOWN;
        }
        CustomerReceives c = stats.customerReceives();
        // The browser's estimate only limits the picture while we send one.
        boolean sendingVideo = stats.videoOut().packets() > 0;
        return judge(stats.roundTripMs(), c.lossPercent(), sendingVideo ? c.estimatedKbps() : -1);
    }

    /** @param videoKbps the rate the picture gets, or a negative value when there is none to judge */
    private static CallQuality judge(long rtt, double loss, double videoKbps) {
        boolean video = videoKbps >= 0;
        if (rtt > POOR_RTT_MS || loss > POOR_LOSS || (video && videoKbps < POOR_VIDEO_KBPS)) {
            return POOR;
        }
        boolean rttGood = rtt >= 0 && rtt <= GOOD_RTT_MS;
        if (rttGood && loss <= GOOD_LOSS && (!video || videoKbps >= GOOD_VIDEO_KBPS)) {
            return GOOD;
        }
        return FAIR;
    }

    /** The hover text: the round trip, then what each side receives. */
    public static String details(CallStats stats, Messages messages) {
        if (stats == null) {
            return "";
        }
        CustomerReceives c = stats.customerReceives();
        String customer;
        if (!c.known()) {
            customer = messages.get("callwindow.quality.customerUnknown");
        } else if (c.estimatedKbps() < 0) {
            customer = messages.get("callwindow.quality.customerNoEstimate", percent(c.lossPercent()),
                    Math.round(Math.max(c.audioJitterMs(), c.videoJitterMs())));
        } else {
            customer = messages.get("callwindow.quality.customer", percent(c.lossPercent()),
                    Math.round(Math.max(c.audioJitterMs(), c.videoJitterMs())), Math.round(c.estimatedKbps()));
        }
        return messages.get("callwindow.quality.details",
                stats.roundTripMs() < 0 ? "–" : Long.toString(stats.roundTripMs()),
                Math.round(stats.videoOut().bitrateKbps()),
                percent(Math.max(stats.audioIn().lossPercent(), stats.videoIn().lossPercent())),
                Math.round(stats.videoIn().bitrateKbps()), stats.videoIn().width(), stats.videoIn().height(),
                String.format(Locale.GERMANY, "%.0f", stats.videoIn().frameRate()), customer);
    }

    private static String percent(double value) {
        return String.format(Locale.GERMANY, "%.1f", value);
    }
}
