package de.videoberatung.media.call;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamStats;
import org.jitsi.utils.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one call's media on its own thread ({@code call-N-monitor}), once a second: publishes
 * {@link CallStats} (both directions as the engine sees them, plus what the customer's receiver reports
 * say) and runs the watchdog: no packets from the browser for {@code interruptedAfter} makes the call
 * {@link MediaState#INTERRUPTED}, still none {@code lostAfter} after that (or after a fresh offer)
 * makes it {@link MediaState#LOST}.
 */
final class CallMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallMonitor.class);

    /** The session the monitor watches: its current media and its state. */
    interface Watched {
        /** The media of the current attempt, or {@code null} between attempts. */
        Media media();

        MediaState state();

        /** Ignored once the call is over. */
        void changeState(MediaState next);

        /** No media for too long: end the call as lost. */
        void lost();
    }

    /**
     * One attempt's legs and its video receiver ({@code null} without remote video).
     *
     * @param transportArrivals the browser's arrivals for transport feedback, or null without transport-cc
     */
    record Media(List<MediaLeg> legs, RemoteVideoReceiver receiver, TransportArrivals transportArrivals) {
    }

    /** Counters at one tick, to compute rates over the interval. */
    private record Sample(long nanos, long[] bytes, long framesIn, long framesOut) {
    }

    private final int id;
    private final CallEngineConfig config;
    private final CameraMediaDevice camera;
    private final Supplier<VideoSendStats> sendStats;
    private final CallListener listener;
    private final Watched session;
    private final ScheduledExecutorService thread;
    private volatile long waitingSinceNanos = System.nanoTime();
    private Sample lastSample;
    private RemoteVideoReceiver.RepairCounters lastRepair;
    private int ticks;

    /** @param sendStats the video sender's rate control and repair figures */
    CallMonitor(int id, CallEngineConfig config, CameraMediaDevice camera, Supplier<VideoSendStats> sendStats,
                CallListener listener, Watched session) {
        this.id = id;
        this.config = config;
        this.camera = camera;
        this.sendStats = sendStats;
        this.listener = listener;
        this.session = session;
        this.thread = Executors.newSingleThreadScheduledExecutor(CallSession.named("call-" + id + "-monitor"));
        thread.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** A fresh offer: the new transport gets {@code lostAfter} to bring media. */
    void attemptStarted() {
        waitingSinceNanos = System.nanoTime();
    }

    @Override
    public void close() {
        thread.shutdown();
    }

    private void tick() {
        try {
            Media media = session.media();
            if (media == null) {
                return;
            }
            publishStatistics(media);
            logRepair(media.receiver());
            watchMedia(media);
        } catch (RuntimeException e) {
            LOG.warn("Call {}: monitor tick failed", id, e);
        }
    }

    private void watchMedia(Media media) {
        long now = System.nanoTime();
        long lastInbound = 0;
        for (MediaLeg leg : media.legs()) {
            lastInbound = Math.max(lastInbound, leg.lastInboundNanos);
        }
        MediaState state = session.state();
        if (state.isFinal()) {
            return;
        }
        boolean flowing = lastInbound != 0 && now - lastInbound < config.interruptedAfter().toNanos();
        if (flowing) {
            session.changeState(MediaState.CONNECTED);
        } else if (state == MediaState.CONNECTED) {
            waitingSinceNanos = now;
            session.changeState(MediaState.INTERRUPTED);
        } else if (now - waitingSinceNanos > config.lostAfter().toNanos()) {
            LOG.warn("Call {}: no media for {} s, call lost", id, config.lostAfter().toSeconds());
            session.lost();
        }
    }

    private void publishStatistics(Media media) {
        MediaLeg audio = leg(media, MediaType.AUDIO);
        MediaLeg video = leg(media, MediaType.VIDEO);
        RemoteVideoReceiver r = media.receiver();
        long now = System.nanoTime();
        long[] bytes = {
            audio == null ? 0 : audio.bytesIn.get(), audio == null ? 0 : audio.bytesOut.get(),
            video == null ? 0 : video.bytesIn.get(), video == null ? 0 : video.bytesOut.get()};
        long framesIn = r == null ? 0 : r.framesDecoded();
        long framesOut = camera.framesCaptured();
        Sample prev = lastSample;
        lastSample = new Sample(now, bytes, framesIn, framesOut);
        if (prev == null) {
            return;
        }
        double seconds = (now - prev.nanos()) / 1e9;
        MediaStreamStats as = rtcpStats(audio);
        MediaStreamStats vs = rtcpStats(video);
        long rtt = Math.max(video == null ? -1 : video.roundTrip.rttMillis(),
                audio == null ? -1 : audio.roundTrip.rttMillis());
        CallStats stats = new CallStats(Instant.now(), rtt,
                direction(audio, true, as, kbps(bytes[0], prev.bytes()[0], seconds), 0, 0, 0, 0),
                direction(audio, false, as, kbps(bytes[1], prev.bytes()[1], seconds), 0, 0, 0, 0),
                direction(video, true, vs, kbps(bytes[2], prev.bytes()[2], seconds), framesIn,
                        (framesIn - prev.framesIn()) / seconds, r == null ? 0 : r.width(), r == null ? 0 : r.height()),
                direction(video, false, vs, kbps(bytes[3], prev.bytes()[3], seconds), framesOut,
                        (framesOut - prev.framesOut()) / seconds, camera.width(), camera.height()),
                sendStats.get(), customerReceives(audio, video), r == null || r.estimateSentBps() < 0 ? -1 : r.estimateSentBps() / 1000.0,
                media.transportArrivals() == null ? 0 : media.transportArrivals().counters().feedbackPackets());
        listener.statistics(stats);
    }

    /** Every ten seconds, when it changed: what the receive side's repair did (counts only). */
    private void logRepair(RemoteVideoReceiver r) {
        if (r == null || ++ticks % 10 != 0) {
            return;
        }
        RemoteVideoReceiver.RepairCounters c = r.repairCounters();
        if (!c.equals(lastRepair)) {
            lastRepair = c;
            LOG.info("Call {}: video repair so far: {} packets NACKed, {} repaired, {} skips, {} key-frame requests,"
                    + " {} frames decoded; playout delay {} ms", id, c.nacksSent(), c.packetsRepaired(), c.skips(),
                    c.keyFrameRequests(), r.framesDecoded(), c.playoutDelayMillis());
        }
    }

    private static MediaLeg leg(Media media, MediaType type) {
        return media.legs().stream().filter(l -> l.type == type).findFirst().orElse(null);
    }

    /** The customer's side of the call, from the browser's receiver reports and REMB. */
    static CustomerReceives customerReceives(MediaLeg audio, MediaLeg video) {
        ReceiverReports.Report a = audio == null ? null : audio.browserReports.latest();
        ReceiverReports.Report v = video == null ? null : video.browserReports.latest();
        long reports = (a == null ? 0 : a.reports()) + (v == null ? 0 : v.reports());
        if (reports == 0) {
            return CustomerReceives.UNKNOWN;
        }
        long estimate = Math.max(a == null ? -1 : a.estimateBps(), v == null ? -1 : v.estimateBps());
        return new CustomerReceives(reports,
                a == null ? 0 : a.lossPercent(), v == null ? 0 : v.lossPercent(),
                Math.max(0, a == null ? 0 : a.cumulativeLost()) + Math.max(0, v == null ? 0 : v.cumulativeLost()),
                a == null ? 0 : a.jitterMs(), v == null ? 0 : v.jitterMs(),
                estimate < 0 ? -1 : estimate / 1000.0);
    }

    private static double kbps(long now, long before, double seconds) {
        return (now - before) * 8 / 1000.0 / seconds;
    }

    private static MediaStreamStats rtcpStats(MediaLeg leg) {
        MediaStream s = leg == null ? null : leg.stream();
        if (s == null) {
            return null;
        }
        MediaStreamStats stats = s.getMediaStreamStats();
        stats.updateStats();
        return stats;
    }

    private static StreamStats direction(MediaLeg leg, boolean inbound, MediaStreamStats rtcp, double kbps,
                                         long frames, double fps, int w, int h) {
        if (leg == null) {
            return StreamStats.NONE;
        }
        long packets = inbound ? leg.packetsIn.get() : leg.packetsOut.get();
        long bytes = inbound ? leg.bytesIn.get() : leg.bytesOut.get();
        double loss = rtcp == null ? 0 : (inbound ? rtcp.getDownloadPercentLoss() : rtcp.getUploadPercentLoss());
        double jitter = rtcp == null ? 0 : (inbound ? rtcp.getDownloadJitterMs() : rtcp.getUploadJitterMs());
        return new StreamStats(packets, bytes, kbps, loss, jitter, frames, fps, w, h);
    }
}
