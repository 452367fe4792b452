package de.videoberatung.media.call;

import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.VideoFrameSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.service.neomedia.MediaService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisor's WebRTC endpoint, created once when the app starts. Starting it configures and
 * starts libjitsi, generates the DTLS certificate and then warms the call path up ({@link CallWarmUp})
 * on a background thread, so the first call waits for none of it. libjitsi is process-wide: create one
 * engine per process.
 */
public final class CallEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);

    private final CallEngineConfig config;
    private final CompletableFuture<MediaService> mediaService;
    private final AtomicInteger sessionCounter = new AtomicInteger();

    private CallEngine(CallEngineConfig config) {
        this.config = config;
        this.mediaService = new CompletableFuture<>();
        Thread init = new Thread(() -> {
            try {
                long t0 = System.nanoTime();
                MediaService service = LibJitsiSetup.start();
                mediaService.complete(service);
                LOG.info("Media engine ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
                // Calls may start meanwhile; the warm-up only takes the first-use costs off them.
                CallWarmUp.run(service, () -> sessionCounter.get() > 0);
            } catch (RuntimeException | Error e) {
                LOG.error("Media engine failed to start", e);
                mediaService.completeExceptionally(e);
            }
        }, "call-engine-init");
        init.setDaemon(true);
        init.start();
    }

    /** Configures libjitsi and starts it in the background; returns at once. */
    public static CallEngine start(CallEngineConfig config) {
        LibJitsiSetup.configure();
        return new CallEngine(config);
    }

    public CallEngineConfig config() {
        return config;
    }

    /**
     * Answers the customer's offer and starts the call: ICE, DTLS-SRTP and media follow on the
     * session's threads; {@link CallSession#answerSdp()} goes back to the browser.
     *
     * @param camera the advisor's camera
     * @param remoteVideo receives every decoded frame of the customer's video
     * @throws CallSetupException if the offer cannot be answered or the media stack failed
     */
    public CallSession answer(String offerSdp, CameraFeed camera, VideoFrameSink remoteVideo,
                              CallListener listener) throws CallSetupException {
        MediaService service = awaitMediaService();
        CallSession session = new CallSession(sessionCounter.incrementAndGet(), config, service, camera,
                remoteVideo, listener);
        try {
            session.negotiate(offerSdp);
        } catch (CallSetupException | RuntimeException e) {
            session.hangUp();
            throw e;
        }
        return session;
    }

    private MediaService awaitMediaService() throws CallSetupException {
        try {
            return mediaService.get();
        } catch (ExecutionException e) {
            throw new CallSetupException("media engine failed to start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallSetupException("interrupted while the media engine started", e);
        }
    }

    /**
     * Ends the engine; end all sessions first. libjitsi itself keeps running: it is per process and the
     * device layer uses it too (see {@link de.videoberatung.media.MediaRuntime}).
     */
    @Override
    public void close() {
        mediaService.cancel(false);
    }
}
