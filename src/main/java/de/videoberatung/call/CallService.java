package de.videoberatung.call;

import de.videoberatung.threads.NamedThreads;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.media.call.CallEngine;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.VideoFrameSink;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the advisor's calls: started from a waiting appointment, signalled through the server's event
 * stream, media through the one {@link CallEngine} of the app. Plain Java, no JavaFX: the call window
 * (issue 6) observes an {@link ActiveCall} and draws the frames its sink receives.
 */
public final class CallService implements AutoCloseable {

    private final Supplier<CallEngine> engine;
    private final ServerConnection connection;
    private final Clock clock;
    private final ExecutorService signalling = NamedThreads.single("call-signalling");
    private final Map<Long, ActiveCall> calls = new ConcurrentHashMap<>();

    public CallService(CallEngine engine, ServerConnection connection, Clock clock) {
        this(() -> engine, connection, clock);
    }

    /**
     * @param engine the app's engine, asked for when the first call starts (its start takes a while and
     *               must not hold up the sign-in)
     */
    public CallService(Supplier<CallEngine> engine, ServerConnection connection, Clock clock) {
        this.engine = engine;
        this.connection = connection;
        this.clock = clock;
        connection.onEvent(this::dispatch);
    }

    /**
     * Starts the call with the customer waiting for appointment {@code appointmentId}: the server moves it
     * to IN_CALL and tells the customer's page to call in. Returns at once; the observer hears the rest.
     *
     * @param camera the advisor's camera (the devices layer's feed, or the Testbild in demo mode)
     * @param remoteVideo receives the customer's decoded pictures
     * @throws ApiException if the server cannot be reached (nothing was started)
     * @throws IllegalStateException if a call for this appointment already runs
     */
    public ActiveCall start(long appointmentId, CameraFeed camera, VideoFrameSink remoteVideo, CallObserver observer)
            throws ApiException {
        ActiveCall call = new ActiveCall(appointmentId, engine.get(), connection, signalling, camera, remoteVideo, observer,
                () -> calls.remove(appointmentId), clock.instant());
        if (calls.putIfAbsent(appointmentId, call) != null) {
            throw new IllegalStateException("a call for appointment " + appointmentId + " already runs");
        }
        try {
            call.invite();
        } catch (ApiException e) {
            calls.remove(appointmentId);
            throw e;
        }
        return call;
    }

    /** The running call of an appointment, if any. */
    public Optional<ActiveCall> active(long appointmentId) {
        return Optional.ofNullable(calls.get(appointmentId));
    }

    private void dispatch(ServerEvent event) {
        long id = appointmentOf(event);
        ActiveCall call = id < 0 ? null : calls.get(id);
        if (call != null) {
            // Off the WebSocket thread: answering an offer builds the ICE agent and media streams.
            signalling.execute(() -> call.handle(event));
        }
    }

    private static long appointmentOf(ServerEvent event) {
        if (event instanceof ServerEvent.CallOffer e) {
            return e.appointmentId();
        } else if (event instanceof ServerEvent.CallCandidate e) {
            return e.appointmentId();
        } else if (event instanceof ServerEvent.CallConnection e) {
            return e.appointmentId();
        } else if (event instanceof ServerEvent.CallHangUp e) {
            return e.appointmentId();
        } else if (event instanceof ServerEvent.CallRefused e) {
            return e.appointmentId();
        }
        return -1;
    }

    /** Hangs up every running call and stops the signalling thread; the engine belongs to the app. */
    @Override
    public void close() {
        calls.values().forEach(ActiveCall::hangUp);
        signalling.shutdown();
        try {
            signalling.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
