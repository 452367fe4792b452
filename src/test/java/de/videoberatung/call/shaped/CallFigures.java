package de.videoberatung.call.shaped;

import de.videoberatung.call.ActiveCall;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.testsupport.Poll;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The figures of one call over a measurement window, the same for the engine's calls and the reference
 * calls: received frames per second and resolution each way, freeze time and longest gap each way, the
 * share of the advisor's audio the customer's browser concealed, the round trip (the customer's selected
 * candidate pair), both senders' bitrates (RTP, audio + video) and the time to the first picture each way.
 * "advisor" is the engine or the reference advisor's Chromium; "customer" is always Chromium in the lab.
 */
public record CallFigures(String setup, double windowSeconds,
                          double fpsAtCustomer, double fpsAtAdvisor, String resolutionAtCustomer, String resolutionAtAdvisor,
                          double freezeMsAtCustomer, double freezeMsAtAdvisor,
                          double longestGapMsAtCustomer, double longestGapMsAtAdvisor,
                          double concealedPercentAtCustomer, double rttMs,
                          double advisorSendKbps, double customerSendKbps,
                          double firstPictureMsAtCustomer, double firstPictureMsAtAdvisor) {

    /** Measures an engine call for {@code window}: {@code engineFrames} is fed by the call's sink. */
    public static CallFigures engine(String setup, ActiveCall call, FrameClock engineFrames, PageProbe customer,
                                     Duration window) throws InterruptedException {
        // The engine publishes statistics once a second from its second tick on: a window opened by fast first
        // pictures would otherwise start without them, and the advisor's sending rate read 0 (profiles a, b).
        Poll.until("the engine's first statistics", Duration.ofSeconds(5),
                () -> call.latestStats() != null);
        CallStats s0 = call.latestStats();
        PageProbe.Snapshot c0 = customer.snapshot();
        long frames0 = engineFrames.frames();
        long t0 = System.nanoTime();
        engineFrames.openWindow(t0);
        customer.openWindow();
        TimeUnit.MILLISECONDS.sleep(window.toMillis()); // the measurement window itself, not a synchronisation
        long t1 = System.nanoTime();
        CallStats s1 = call.latestStats();
        PageProbe.Snapshot c1 = customer.snapshot();
        double seconds = (t1 - t0) / 1e9;
        double pageSeconds = (c1.at() - c0.at()) / 1000;
        double statsSeconds = s0 == null || s1 == null ? 0 : Duration.between(s0.at(), s1.at()).toMillis() / 1000.0;
        double advisorKbps = statsSeconds <= 0 ? 0
                : ((s1.audioOut().bytes() - s0.audioOut().bytes()) + (s1.videoOut().bytes() - s0.videoOut().bytes()))
                        * 8 / statsSeconds / 1000;
        return new CallFigures(setup, seconds,
                rate(c0, c1, "videoIn", "frames", pageSeconds),
                (engineFrames.frames() - frames0) / seconds,
                resolution(c1, "videoIn"),
                s1 == null ? "-" : s1.videoIn().width() + "x" + s1.videoIn().height(),
                c1.number("freeze"), engineFrames.freezeMs(t1),
                c1.number("longest"), engineFrames.longestGapMs(t1),
                concealed(c0, c1), c1.number("rttMs"),
                advisorKbps, sendKbps(c0, c1, pageSeconds),
                c1.number("first"), engineFrames.firstPictureMs());
    }

    /** Measures a reference call (Chromium on both ends) for {@code window}. */
    public static CallFigures reference(String setup, ReferenceCall call, Duration window) throws InterruptedException {
        PageProbe advisor = call.advisorProbe();
        PageProbe customer = call.customerProbe();
        PageProbe.Snapshot a0 = advisor.snapshot();
        PageProbe.Snapshot c0 = customer.snapshot();
        long t0 = System.nanoTime();
        advisor.openWindow();
        customer.openWindow();
        TimeUnit.MILLISECONDS.sleep(window.toMillis()); // the measurement window itself, not a synchronisation
        PageProbe.Snapshot a1 = advisor.snapshot();
        PageProbe.Snapshot c1 = customer.snapshot();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double customerSeconds = (c1.at() - c0.at()) / 1000;
        double advisorSeconds = (a1.at() - a0.at()) / 1000;
        return new CallFigures(setup, seconds,
                rate(c0, c1, "videoIn", "frames", customerSeconds),
                rate(a0, a1, "videoIn", "frames", advisorSeconds),
                resolution(c1, "videoIn"), resolution(a1, "videoIn"),
                c1.number("freeze"), a1.number("freeze"),
                c1.number("longest"), a1.number("longest"),
                concealed(c0, c1), c1.number("rttMs"),
                sendKbps(a0, a1, advisorSeconds), sendKbps(c0, c1, customerSeconds),
                c1.number("first"), a1.number("first"));
    }

    private static double rate(PageProbe.Snapshot a, PageProbe.Snapshot b, String group, String key, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, b.number(group, key) - a.number(group, key)) / seconds;
    }

    private static String resolution(PageProbe.Snapshot s, String group) {
        return (int) s.number(group, "width") + "x" + (int) s.number(group, "height");
    }

    private static double concealed(PageProbe.Snapshot a, PageProbe.Snapshot b) {
        double samples = b.number("audioIn", "samples") - a.number("audioIn", "samples");
        double concealed = b.number("audioIn", "concealed") - a.number("audioIn", "concealed");
        return samples <= 0 ? 100 : 100 * concealed / samples;
    }

    private static double sendKbps(PageProbe.Snapshot a, PageProbe.Snapshot b, double seconds) {
        double bytes = (b.number("audioOut", "bytes") - a.number("audioOut", "bytes"))
                + (b.number("videoOut", "bytes") - a.number("videoOut", "bytes"));
        return seconds <= 0 ? 0 : bytes * 8 / seconds / 1000;
    }

    /** One line per figure, prefixed for the benchmark's table. */
    public String benchLines(String profile) {
        String p = "BENCH shaped." + profile.replaceAll("[^A-Za-z0-9]+", "_") + "." + setup + ".";
        return String.join("\n",
                p + "fps.customer " + f(fpsAtCustomer), p + "fps.advisor " + f(fpsAtAdvisor),
                p + "resolution.customer " + resolutionAtCustomer, p + "resolution.advisor " + resolutionAtAdvisor,
                p + "freeze_ms.customer " + f(freezeMsAtCustomer), p + "freeze_ms.advisor " + f(freezeMsAtAdvisor),
                p + "longest_gap_ms.customer " + f(longestGapMsAtCustomer),
                p + "longest_gap_ms.advisor " + f(longestGapMsAtAdvisor),
                p + "concealed_percent.customer " + f(concealedPercentAtCustomer), p + "rtt_ms " + f(rttMs),
                p + "send_kbps.advisor " + f(advisorSendKbps), p + "send_kbps.customer " + f(customerSendKbps),
                p + "first_picture_ms.customer " + f(firstPictureMsAtCustomer),
                p + "first_picture_ms.advisor " + f(firstPictureMsAtAdvisor));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
