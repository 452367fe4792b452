package de.videoberatung.call;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CallSignal;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.StatusChange;
import de.videoberatung.media.call.CallEngine;
import de.videoberatung.media.call.CallListener;
import de.videoberatung.media.call.CallSession;
import de.videoberatung.media.call.CallSetupException;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.call.MediaState;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.VideoFrameSink;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running call with the customer of one appointment: answers the customer's offers with the engine
 * (a fresh offer after a reconnect rebuilds the transport under the same session), relays the answer,
 * and ends on a hang-up from either side or when the connection is lost for good.
 *
 * <p>Thread-safe. Signalling work runs on the service's signalling executor; engine callbacks arrive on
 * the engine's threads.
 */
public final class ActiveCall {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveCall.class);

    private final long appointmentId;
    private final CallEngine engine;
    private final ServerConnection connection;
    private final Executor signalling;
    private final CameraFeed camera;
    private final VideoFrameSink remoteVideo;
    private final CallObserver observer;
    private final Runnable onEnded;
    private final Instant startedAt;

    private final Object lock = new Object();
    private CallSession session;
    private CallPhase phase = CallPhase.INVITING;
    private CallEnd end;
    private volatile CallStats latestStats;
    private boolean microphoneMuted;
    private boolean cameraEnabled = true;

    ActiveCall(long appointmentId, CallEngine engine, ServerConnection connection, Executor signalling,
               CameraFeed camera, VideoFrameSink remoteVideo, CallObserver observer, Runnable onEnded,
               Instant startedAt) {
        this.appointmentId = appointmentId;
        this.engine = engine;
        this.connection = connection;
        this.signalling = signalling;
        this.camera = camera;
        this.remoteVideo = remoteVideo;
        this.observer = observer;
        this.onEnded = onEnded;
        this.startedAt = startedAt;
    }

    public long appointmentId() {
        return appointmentId;
    }

    /** When the advisor started the call (the call timer's start). */
    public Instant startedAt() {
        return startedAt;
    }

    public CallPhase phase() {
        synchronized (lock) {
            return phase;
        }
    }

    /** How the call ended, or null while it runs. */
    public CallEnd end() {
        synchronized (lock) {
            return end;
        }
    }

    /** The latest once-a-second statistics, or null before media. */
    public CallStats latestStats() {
        return latestStats;
    }

    /** Time from the first answer to the first decoded frame of the customer, or -1. */
    public long firstRemoteFrameMillis() {
        CallSession s = session();
        return s == null ? -1 : s.firstRemoteFrameMillis();
    }

    public void setMicrophoneMuted(boolean muted) {
        CallSession s;
        synchronized (lock) {
            microphoneMuted = muted;
            s = session;
        }
        if (s != null) {
            s.setMicrophoneMuted(muted);
        }
    }

    public void setCameraEnabled(boolean enabled) {
        CallSession s;
        synchronized (lock) {
            cameraEnabled = enabled;
            s = session;
        }
        if (s != null) {
            s.setCameraEnabled(enabled);
        }
    }

    /** The advisor hangs up: the server completes the appointment and tells the customer's page. */
    public void hangUp() {
        signalling.execute(() -> {
            if (end() != null) {
                return;
            }
            sendHangUp();
            finish(CallEnd.of(CallEnd.Reason.ADVISOR_HUNG_UP));
        });
    }

    // --- from the service -------------------------------------------------------------------------

    void invite() throws ApiException {
        connection.send(new CallSignal.Start(appointmentId));
    }

    /** An event about this call's appointment; runs on the signalling executor. */
    void handle(ServerEvent event) {
        if (end() != null) {
            return;
        }
        if (event instanceof ServerEvent.CallOffer offer) {
            answer(offer.sdp());
        } else if (event instanceof ServerEvent.CallCandidate candidate) {
            CallSession s = session();
            if (s != null) {
                s.addRemoteCandidate(candidate.mid(), candidate.candidate());
            }
        } else if (event instanceof ServerEvent.CallConnection c) {
            customerConnection(c.state());
        } else if (event instanceof ServerEvent.CallHangUp hangUp) {
            finish(CallEnd.of(switch (String.valueOf(hangUp.by())) {
                case "customer" -> CallEnd.Reason.CUSTOMER_HUNG_UP;
                case "phone" -> CallEnd.Reason.SWITCHED_TO_PHONE;
                case "waiting-room" -> CallEnd.Reason.CUSTOMER_IN_WAITING_ROOM;
                default -> CallEnd.Reason.ADVISOR_HUNG_UP;
            }));
        } else if (event instanceof ServerEvent.CallRefused refused) {
            LOG.info("call signal for appointment {} refused: {}", appointmentId, refused.code());
            if (phase() == CallPhase.INVITING) {
                finish(new CallEnd(CallEnd.Reason.REFUSED, refused.code()));
            } else if ("CUSTOMER_ABSENT".equals(refused.code())) {
                // The server no longer has the customer's page: its "left" may have gone out while our
                // event stream was reconnecting, so this answer is the news.
                setPhase(CallPhase.CUSTOMER_AWAY);
            }
        }
    }

    private void answer(String offer) {
        String answer;
        try {
            CallSession s = session();
            if (s == null) {
                s = engine.answer(offer, camera, remoteVideo, new EngineListener());
                boolean muted;
                boolean cameraOn;
                synchronized (lock) {
                    session = s;
                    muted = microphoneMuted;
                    cameraOn = cameraEnabled;
                }
                s.setMicrophoneMuted(muted);
                s.setCameraEnabled(cameraOn);
                answer = s.answerSdp();
            } else {
                LOG.info("appointment {}: fresh offer from the customer, reconnecting", appointmentId);
                answer = s.renegotiate(offer);
            }
        } catch (CallSetupException e) {
            LOG.warn("appointment {}: offer not answerable", appointmentId, e);
            if (session() == null) {
                // Without a first answer there is no call; the customer's page keeps waiting until we hang up.
                sendHangUp();
                finish(new CallEnd(CallEnd.Reason.FAILED, e.getMessage()));
            }
            return;
        }
        setPhaseUnlessConnected(CallPhase.CONNECTING);
        sendQuietly(new CallSignal.Answer(appointmentId, answer));
    }

    private void customerConnection(String state) {
        switch (state) {
            case "interrupted" -> setPhase(CallPhase.INTERRUPTED);
            case "left" -> setPhase(CallPhase.CUSTOMER_AWAY);
            default -> {
                // "connected" from the page: our own engine reports CONNECTED when media arrives.
            }
        }
    }

    /** The one place the app's phase follows the engine's media state (with the page's reports above). */
    private void engineState(MediaState state) {
        switch (state) {
            case CONNECTED -> {
                CallPhase before = phase();
                setPhase(CallPhase.CONNECTED);
                if (before == CallPhase.INTERRUPTED || before == CallPhase.CUSTOMER_AWAY) {
                    sendQuietly(new CallSignal.Connection(appointmentId, "connected"));
                }
            }
            case INTERRUPTED -> {
                setPhase(CallPhase.INTERRUPTED);
                sendQuietly(new CallSignal.Connection(appointmentId, "interrupted"));
            }
            case LOST -> signalling.execute(() -> {
                if (end() == null) {
                    sendHangUp();
                    finish(CallEnd.of(CallEnd.Reason.CONNECTION_LOST));
                }
            });
            default -> {
                // CONNECTING is ours already; ENDED follows our own hang-up.
            }
        }
    }

    private void setPhaseUnlessConnected(CallPhase next) {
        synchronized (lock) {
            if (phase == CallPhase.CONNECTED || phase == CallPhase.ENDED) {
                return;
            }
        }
        setPhase(next);
    }

    private void setPhase(CallPhase next) {
        synchronized (lock) {
            if (phase == next || phase == CallPhase.ENDED) {
                return;
            }
            phase = next;
        }
        observer.phaseChanged(next);
    }

    /** Ends the call once: releases the engine session and tells the observer. */
    void finish(CallEnd how) {
        CallSession s;
        synchronized (lock) {
            if (end != null) {
                return;
            }
            end = how;
            s = session;
        }
        if (s != null) {
            s.hangUp();
        }
        LOG.info("appointment {}: call ended ({})", appointmentId, how.reason());
        setPhase(CallPhase.ENDED);
        onEnded.run();
        observer.ended(how);
    }

    private CallSession session() {
        synchronized (lock) {
            return session;
        }
    }

    /**
     * Tells the server the call is over. With the event stream down the hang-up cannot travel as a signal:
     * then the appointment is completed over HTTP as soon as the server can be reached, so it never stays
     * IN_CALL (the duration then counts until that moment).
     */
    private void sendHangUp() {
        try {
            connection.send(new CallSignal.HangUp(appointmentId));
        } catch (ApiException e) {
            LOG.warn("appointment {}: hang-up not sent ({}); completing it when the server is back", appointmentId,
                    e.getMessage());
            new PendingCompletion().start();
        }
    }

    /** Completes the appointment over HTTP, retrying after each reconnect until the server has it. */
    private final class PendingCompletion implements Runnable {
        /** Runs on the signalling executor: the first attempt at once, later ones after each reconnect. */
        void start() {
            connection.onReconnected(this);
            attempt();
        }

        @Override
        public void run() {
            try {
                signalling.execute(this::attempt);
            } catch (RejectedExecutionException e) {
                // The session is closing and its connection with it: the appointment stays IN_CALL on the
                // server, where the next sign-in finds it (and can resume the call while the customer waits).
                connection.removeReconnectListener(this);
            }
        }

        private void attempt() {
            try {
                connection.client().changeStatus(appointmentId, StatusChange.to(AppointmentStatus.COMPLETED));
                connection.removeReconnectListener(this);
            } catch (ApiException e) {
                if (e.kind() != ApiException.Kind.UNREACHABLE) {
                    // Completed meanwhile (409) or gone: nothing left to do.
                    connection.removeReconnectListener(this);
                }
            }
        }
    }

    private void sendQuietly(CallSignal signal) {
        try {
            connection.send(signal);
        } catch (ApiException e) {
            // Media is peer to peer and goes on; the server learns the state when the stream is back.
            LOG.warn("appointment {}: {} not sent: {}", appointmentId, signal.getClass().getSimpleName(),
                    e.getMessage());
        }
    }

    /** The engine's callbacks, on its threads. */
    private final class EngineListener implements CallListener {
        @Override
        public void stateChanged(MediaState state) {
            engineState(state);
        }

        @Override
        public void statistics(CallStats stats) {
            latestStats = stats;
            observer.statistics(stats);
        }

        /** On the signalling executor, so it leaves after the answer that is being sent there. */
        @Override
        public void localCandidate(String mid, String candidate) {
            try {
                signalling.execute(() -> {
                    if (end() == null) {
                        sendQuietly(new CallSignal.Candidate(appointmentId, mid, candidate));
                    }
                });
            } catch (RejectedExecutionException e) {
                // the service is closing: no call to trickle to
            }
        }
    }
}
