package de.videoberatung.media.call;

import de.videoberatung.media.sdp.AnswerBuilder;
import de.videoberatung.media.sdp.AnswerBuilder.LocalTransport;
import de.videoberatung.media.sdp.Codec;
import de.videoberatung.media.sdp.Fingerprint;
import de.videoberatung.media.sdp.IceCandidate;
import de.videoberatung.media.sdp.MediaDescription;
import de.videoberatung.media.sdp.RtpExtension;
import de.videoberatung.media.sdp.SdpException;
import de.videoberatung.media.sdp.SessionDescription;
import de.videoberatung.media.sdp.Sources;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.VideoFrame;
import de.videoberatung.media.video.VideoFrameSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.ice4j.TransportAddress;
import org.ice4j.ice.IceProcessingState;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaUseCase;
import org.jitsi.service.neomedia.device.MediaDevice;
import org.jitsi.utils.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call with one customer: negotiation and lifecycle. It answers the browser's offer, runs ICE,
 * DTLS-SRTP and Opus + VP8 both ways; a fresh offer from the browser ({@link #renegotiate}) rebuilds
 * the transport under the same call. Its {@link CallMonitor} publishes statistics and turns missing
 * media into {@link MediaState#INTERRUPTED} and {@link MediaState#LOST}. {@link #hangUp()} releases every
 * socket, thread and device.
 */
public final class CallSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallSession.class);

    private final int id;
    private final CallEngineConfig config;
    private final MediaService service;
    private final CameraMediaDevice camera;
    private final SendSide sendSide;
    private final VideoFrameSink remoteVideo;
    private final CallListener listener;
    private final ExecutorService setupThread;
    private final ExecutorService decoderThread;
    private final ScheduledExecutorService repairThread;
    private final long startedNanos = System.nanoTime();

    private final Object lock = new Object();
    private Attempt attempt;
    private String answerSdp;
    /** The offer the current attempt answers: the page repeats it on a fresh socket until it is answered. */
    private String offerSdp;
    private MediaState state = MediaState.CONNECTING;
    private boolean microphoneMuted;
    private long firstRemoteFrameNanos;
    private final CallMonitor monitor;

    CallSession(int id, CallEngineConfig config, MediaService service, CameraFeed camera,
                VideoFrameSink remoteVideo, CallListener listener) {
        this.id = id;
        this.config = config;
        this.service = service;
        this.camera = new CameraMediaDevice(camera);
        this.sendSide = new SendSide(id, this.camera.encoder(), this.camera.width(), this.camera.height(),
                this.camera.frameRate());
        this.remoteVideo = remoteVideo;
        this.listener = listener;
        this.setupThread = Executors.newSingleThreadExecutor(named("call-" + id + "-setup"));
        this.decoderThread = Executors.newSingleThreadExecutor(named("call-" + id + "-video-decoder"));
        this.repairThread = Executors.newSingleThreadScheduledExecutor(named("call-" + id + "-video-repair"));
        this.monitor = new CallMonitor(id, config, this.camera, sendSide::stats, listener, new Watched());
    }

    /** A factory for the call's named daemon threads. */
    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The answer to the latest offer, to send back to the browser. */
    public String answerSdp() {
        synchronized (lock) {
            return answerSdp;
        }
    }

    public MediaState state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * Handles a fresh offer from the browser (it reconnects with a new peer connection and new ICE
     * credentials): the old transport is dropped and a new one is built; the call stays the same. The offer
     * the current transport answers, coming again (the page resends an unanswered offer on a fresh signalling
     * socket, as the first may have been lost with its socket), is answered again as it was, not rebuilt.
     *
     * @return the answer SDP
     */
    public String renegotiate(String offerSdp) throws CallSetupException {
        Attempt same = null;
        String answer;
        synchronized (lock) {
            if (attempt != null && offerSdp.equals(this.offerSdp)) {
                same = attempt;
            }
            answer = answerSdp;
        }
        if (same != null) {
            // The first answer may have been lost with its socket, and the candidates trickled after it too.
            LOG.info("Call {}: the same offer again, answered as before", id);
            same.trickled.forEach(c -> listener.localCandidate(c.mid(), c.candidate()));
            return answer;
        }
        negotiate(offerSdp);
        return answerSdp();
    }

    /** A candidate the browser trickled after its offer. */
    public void addRemoteCandidate(String mid, String candidateLine) {
        Attempt a;
        synchronized (lock) {
            a = attempt;
        }
        if (a != null && candidateLine != null && !candidateLine.isBlank()) {
            try {
                a.ice.addRemoteCandidate(mid, IceCandidate.parse(candidateLine));
            } catch (SdpException e) {
                LOG.debug("Ignoring malformed trickled candidate");
            }
        }
    }

    public void setMicrophoneMuted(boolean muted) {
        Attempt a;
        synchronized (lock) {
            microphoneMuted = muted;
            a = attempt;
        }
        if (a != null) {
            a.legs.stream().filter(l -> l.type == MediaType.AUDIO).forEach(l -> l.setMute(muted));
        }
    }

    /** Camera off sends black pictures; the browser keeps its video element alive. */
    public void setCameraEnabled(boolean enabled) {
        camera.setEnabled(enabled);
    }

    /** Time from the start of this session to the first decoded remote frame, or -1 if none yet. */
    public long firstRemoteFrameMillis() {
        synchronized (lock) {
            return firstRemoteFrameNanos == 0 ? -1 : (firstRemoteFrameNanos - startedNanos) / 1_000_000;
        }
    }

    /** The video sender's repair and rate control (for the engine's own integration tests). */
    SendSide sendSide() {
        return sendSide;
    }

    /** Ends the call and releases everything; safe to call more than once. */
    public void hangUp() {
        finish(MediaState.ENDED);
    }

    @Override
    public void close() {
        hangUp();
    }

    void negotiate(String offerSdp) throws CallSetupException {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerSdp);
        } catch (SdpException e) {
            throw new CallSetupException("unusable offer", e);
        }
        Attempt next;
        try {
            next = new Attempt(offer);
        } catch (IOException | RuntimeException e) {
            throw new CallSetupException("could not answer the offer", e);
        }
        Attempt previous;
        synchronized (lock) {
            if (state.isFinal()) {
                next.close();
                throw new CallSetupException("call already over", null);
            }
            previous = attempt;
            attempt = next;
            answerSdp = next.answer;
            this.offerSdp = offerSdp;
        }
        monitor.attemptStarted();
        if (previous != null) {
            LOG.info("Call {}: fresh offer, rebuilding the transport", id);
            previous.close();
        }
        next.start();
    }

    /** One offer/answer exchange with its ICE agent and libjitsi streams. */
    private final class Attempt {
        final IceTransport ice;
        final List<MediaLeg> legs = new ArrayList<>();
        final Map<MediaLeg, MediaDescription> offered = new LinkedHashMap<>();
        final String answer;
        /** Candidates trickled after the answer: again with a repeated answer. */
        final List<Trickled> trickled = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        RemoteVideoReceiver receiver;
        /** The browser's transport-wide arrivals, when transport-cc was negotiated; else null. */
        TransportArrivals transportArrivals;
        /** The leg whose RTCP carries the transport feedback (the video leg when it uses transport-cc). */
        MediaLeg transportFeedbackLeg;
        ScheduledFuture<?> transportFeedbackTimer;

        Attempt(SessionDescription offer) throws IOException {
            List<String> mids = new ArrayList<>();
            for (MediaDescription m : offer.media()) {
                Optional<Codec> codec = AnswerBuilder.chooseCodec(m);
                if (codec.isPresent() && m.mid() != null && m.fingerprint() != null) {
                    MediaLeg leg = new MediaLeg(service, m, codec.get());
                    legs.add(leg);
                    offered.put(leg, m);
                    mids.add(m.mid());
                }
            }
            if (legs.isEmpty()) {
                throw new SdpException("offer has neither Opus nor VP8");
            }
            ice = new IceTransport(config, mids);
            Map<String, LocalTransport> transports = new LinkedHashMap<>();
            for (MediaLeg leg : legs) {
                ice.setRemote(offered.get(leg));
                transports.put(leg.mid, ice.local(leg.mid));
            }
            MediaLeg first = legs.get(0);
            Fingerprint fp = new Fingerprint(first.localFingerprintHash(), first.localFingerprint());
            SessionDescription answered = AnswerBuilder.answer(offer, fp, transports, "advisor",
                    System.currentTimeMillis(), 1, sources());
            answer = answered.format();
            attachSending(answered);
        }

        /** Our SSRCs for this attempt (announced in the answer): media per leg, and RTX for video. */
        private Map<String, Sources> sources() {
            String cname = Long.toHexString(ThreadLocalRandom.current().nextLong());
            Map<String, Sources> sources = new LinkedHashMap<>();
            for (MediaLeg leg : legs) {
                sources.put(leg.mid, leg.type == MediaType.VIDEO
                        ? Sources.withRtx(randomSsrc(), randomSsrc(), cname)
                        : new Sources(List.of(randomSsrc()), List.of(), cname));
            }
            return sources;
        }

        /** Hooks each leg to the call's send side with what the answer negotiated. */
        private void attachSending(SessionDescription answered) {
            long audioSsrc = -1;
            long videoSsrc = -1;
            RtxSender rtx = null;
            Pacer pacer = null;
            for (MediaLeg leg : legs) {
                MediaDescription m = answered.media().stream().filter(d -> leg.mid.equals(d.mid())).findFirst()
                        .orElseThrow();
                long ssrc = m.sources().mediaSsrc();
                leg.sendWith(sendSide, ssrc, m.extensionId(RtpExtension.ABS_SEND_TIME));
                if (AnswerBuilder.usesTransportCc(m.codecs().get(0))) {
                    if (transportArrivals == null) {
                        transportArrivals = new TransportArrivals(System.nanoTime());
                    }
                    leg.recordTransportSequence(transportArrivals, m.extensionId(RtpExtension.TRANSPORT_CC));
                    if (transportFeedbackLeg == null || leg.type == MediaType.VIDEO) {
                        transportFeedbackLeg = leg;
                    }
                }
                if (leg.type == MediaType.VIDEO) {
                    videoSsrc = ssrc;
                    pacer = new Pacer("call-" + id + "-pacer", leg::injectAfterTap, SendRateController.START_VIDEO_KBPS);
                    Optional<Codec> rtxFormat = m.codecs().stream().filter(c -> c.is("rtx", 90000)).findFirst();
                    if (rtxFormat.isPresent() && m.sources().rtxSsrc() >= 0) {
                        rtx = new RtxSender(rtxFormat.get().payloadType(), m.sources().rtxSsrc(), pacer::sendFirst,
                                () -> (int) leg.roundTrip.rttMillis());
                    }
                } else {
                    audioSsrc = ssrc;
                }
            }
            sendSide.attach(audioSsrc, videoSsrc, rtx, pacer);
        }

        void start() {
            // Building libjitsi's pipelines takes over a second: do it while ICE runs.
            setupThread.execute(this::buildStreams);
            if (transportArrivals != null) {
                TransportArrivals arrivals = transportArrivals;
                MediaLeg leg = transportFeedbackLeg;
                long interval = TransportArrivals.INTERVAL_NANOS;
                transportFeedbackTimer = repairThread.scheduleAtFixedRate(
                        () -> sendTransportFeedback(arrivals, leg), interval, interval, TimeUnit.NANOSECONDS);
            }
            ice.start(this::iceStateChanged);
            ice.trickle("call-" + id + "-gathering", this::trickled);
        }

        private void trickled(String mid, IceCandidate candidate) {
            if (closed) {
                return;
            }
            Trickled c = new Trickled(mid, candidate.toAttribute());
            trickled.add(c);
            listener.localCandidate(c.mid(), c.candidate());
        }

        private void buildStreams() {
            if (closed) {
                return;
            }
            long t0 = System.nanoTime();
            try {
                for (MediaLeg leg : legs) {
                    MediaDescription m = offered.get(leg);
                    String dir = AnswerBuilder.answerDirection(m.direction());
                    if (leg.type == MediaType.VIDEO) {
                        // With transport-cc the browser estimates for itself: a REMB of ours would cap it.
                        int rembFrom = transportArrivals != null ? -1 : m.extensionId(RtpExtension.ABS_SEND_TIME);
                        receiver = new RemoteVideoReceiver(leg.codec.payloadType(),
                                m.rtxFor(leg.codec.payloadType()).map(Codec::payloadType).orElse(-1),
                                rembFrom, this::onRemoteFrame, decoderThread,
                                repairThread, leg);
                        // libjitsi only sends; its own receive pipeline needs FFmpeg. Ours decodes.
                        MediaDirection d = dir.contains("send") ? MediaDirection.SENDONLY : MediaDirection.INACTIVE;
                        leg.build(service, ice.mediaSockets(leg.mid), camera, d, dir.contains("recv") ? receiver : null);
                    } else {
                        MediaDevice mic = service.getDefaultDevice(MediaType.AUDIO, MediaUseCase.CALL);
                        MediaDirection d = toDirection(dir).and(mic.getDirection());
                        leg.build(service, ice.mediaSockets(leg.mid), mic, d, null);
                        leg.setMute(microphoneMuted());
                    }
                }
                LOG.info("Call {}: streams built in {} ms", id, (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.error("Call {}: could not build the media streams", id, e);
            }
        }

        private void onRemoteFrame(VideoFrame frame) {
            synchronized (lock) {
                if (firstRemoteFrameNanos == 0) {
                    firstRemoteFrameNanos = System.nanoTime();
                    LOG.info("Call {}: first remote video frame after {} ms", id,
                            (firstRemoteFrameNanos - startedNanos) / 1_000_000);
                }
            }
            remoteVideo.accept(frame);
        }

        private void iceStateChanged(IceProcessingState s) {
            LOG.info("Call {}: ICE {}", id, s);
            if (s == IceProcessingState.COMPLETED) {
                setupThread.execute(this::connect);
            }
        }

        private void connect() {
            if (closed) {
                return;
            }
            long t0 = System.nanoTime();
            try {
                for (MediaLeg leg : legs) {
                    TransportAddress remote = ice.selectedRemote(leg.mid);
                    if (remote == null || leg.stream() == null) {
                        LOG.warn("Call {}: no selected pair or stream for {}", id, leg.type);
                        continue;
                    }
                    leg.connect(remote);
                }
                LOG.info("Call {}: media started in {} ms (DTLS handshakes under way)", id,
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.error("Call {}: could not start media", id, e);
            }
        }

        void close() {
            closed = true;
            if (transportFeedbackTimer != null) {
                transportFeedbackTimer.cancel(false);
                TransportArrivals.Counters c = transportArrivals.counters();
                LOG.info("Call {}: {} transport feedback packets about {} arrivals ({} duplicates, {} late)", id,
                        c.feedbackPackets(), c.packetsRecorded(), c.duplicates(), c.lateArrivals());
            }
            for (MediaLeg leg : legs) {
                try {
                    leg.close();
                } catch (RuntimeException e) {
                    LOG.warn("Call {}: error closing the {} stream", id, leg.type, e);
                }
            }
            ice.close();
            RemoteVideoReceiver r = receiver;
            if (r != null) {
                r.stopRepair();
                if (!decoderThread.isShutdown()) {
                    decoderThread.execute(r::close);
                }
            }
        }
    }

    private record Trickled(String mid, String candidate) {
    }

    private static void sendTransportFeedback(TransportArrivals arrivals, MediaLeg leg) {
        try {
            arrivals.sendFeedback(leg, System.nanoTime());
        } catch (RuntimeException e) {
            LOG.warn("Transport feedback failed", e);
        }
    }

    private static long randomSsrc() {
        return ThreadLocalRandom.current().nextLong(1, 0x100000000L);
    }

    private boolean microphoneMuted() {
        synchronized (lock) {
            return microphoneMuted;
        }
    }

    private static MediaDirection toDirection(String sdpDirection) {
        return switch (sdpDirection) {
            case "sendonly" -> MediaDirection.SENDONLY;
            case "recvonly" -> MediaDirection.RECVONLY;
            case "inactive" -> MediaDirection.INACTIVE;
            default -> MediaDirection.SENDRECV;
        };
    }

    /** The session as its monitor sees it. */
    private final class Watched implements CallMonitor.Watched {
        @Override
        public CallMonitor.Media media() {
            Attempt a;
            synchronized (lock) {
                a = attempt;
            }
            return a == null ? null : new CallMonitor.Media(a.legs, a.receiver, a.transportArrivals);
        }

        @Override
        public MediaState state() {
            return CallSession.this.state();
        }

        @Override
        public void changeState(MediaState next) {
            CallSession.this.changeState(next);
        }

        @Override
        public void lost() {
            finish(MediaState.LOST);
        }
    }

    private void changeState(MediaState next) {
        synchronized (lock) {
            if (state == next || state.isFinal()) {
                return;
            }
            state = next;
        }
        LOG.info("Call {}: {}", id, next);
        listener.stateChanged(next);
    }

    private void finish(MediaState finalState) {
        Attempt a;
        synchronized (lock) {
            if (state.isFinal()) {
                return;
            }
            state = finalState;
            a = attempt;
            attempt = null;
        }
        LOG.info("Call {}: {}", id, finalState);
        monitor.close();
        repairThread.shutdown();
        if (a != null) {
            a.close();
        }
        sendSide.close();
        setupThread.shutdown();
        decoderThread.shutdown();
        try {
            for (ExecutorService e : List.of(setupThread, decoderThread)) {
                if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("Call {}: a media thread did not stop in time", id);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.stateChanged(finalState);
    }
}
