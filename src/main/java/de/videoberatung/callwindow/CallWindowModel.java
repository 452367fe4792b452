package de.videoberatung.callwindow;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.call.ActiveCall;
import de.videoberatung.call.CallEnd;
import de.videoberatung.call.CallObserver;
import de.videoberatung.call.CallPhase;
import de.videoberatung.call.CallService;
import de.videoberatung.i18n.Messages;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.VideoFrameSink;
import de.videoberatung.queue.AppointmentText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call window's state: where the call stands in plain German, the timer, the connection quality, mute and
 * camera, the helpers (muted-while-talking, introduction reminder, phone fall-back) and the outcome step after
 * the call. Lives on the FX thread; call events arrive on background threads and are handed over.
 */
public final class CallWindowModel {

    private static final Logger LOG = LoggerFactory.getLogger(CallWindowModel.class);
    /** The engine declares a call lost this long after the interruption began (see docs/call.md). */
    static final Duration LOST_AFTER = Duration.ofSeconds(30);
    /** The introduction reminder stays this long after the customer is connected. */
    static final Duration REMINDER_FOR = Duration.ofSeconds(20);
    /** Speech on a headset microphone is well above this; room noise below. */
    static final double TALKING_DBFS = -40;

    /** The screens of the window. */
    public enum Step { CALL, PHONE, OUTCOME, DONE }

    /** Reads the advisor's microphone level while muted; closed when unmuted. */
    public interface LevelSource extends AutoCloseable {
        double dbfs();

        @Override
        void close();
    }

    /** Opens a level source on the microphone in use, or returns null when there is none. */
    public interface LevelSources {
        LevelSource open();
    }

    /** What the window needs from the outside world, in one place. */
    public record Services(Supplier<CallService> calls, PhoneFallback phone, CameraFeed camera, LevelSources levels,
                           Executor background, Executor fxThread, Clock clock) {
    }

    /** Moves the appointment to the phone (server side) or completes it after the phone call. */
    public interface PhoneFallback {
        void switchToPhone(long appointmentId) throws ApiException;

        void completeByPhone(long appointmentId) throws ApiException;
    }

    private final Appointment appointment;
    private final Services services;
    private final Messages messages;

    private final ReadOnlyObjectWrapper<CallPhase> phase = new ReadOnlyObjectWrapper<>(CallPhase.INVITING);
    private final ReadOnlyObjectWrapper<CallEnd> end = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(Step.CALL);
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper stateHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper timer = new ReadOnlyStringWrapper("0:00");
    private final ReadOnlyObjectWrapper<CallQuality> quality = new ReadOnlyObjectWrapper<>(CallQuality.UNKNOWN);
    private final ReadOnlyStringWrapper qualityDetails = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper weakLink = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper muted = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper cameraOn = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper talkingWhileMuted = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper reminder = new ReadOnlyBooleanWrapper();
    private final StringProperty outcome = new SimpleStringProperty("");
    private final StringProperty nextSteps = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> followUp = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    private ActiveCall call;
    private Instant connectedAt;
    private Instant interruptedAt;
    private Instant endedAt;
    private LevelSource level;
    private boolean reminderDismissed;

    public CallWindowModel(Appointment appointment, Services services, Messages messages) {
        this.appointment = appointment;
        this.services = services;
        this.messages = messages;
        cameraOn.set(true);
        showPhase();
    }

    /** Starts the call (network on the background executor); the phase follows the call's events. */
    public void start(VideoFrameSink remoteVideo) {
        CallObserver observer = new CallObserver() {
            @Override
            public void phaseChanged(CallPhase next) {
                services.fxThread().execute(() -> onPhase(next));
            }

            @Override
            public void statistics(CallStats stats) {
                services.fxThread().execute(() -> onStats(stats));
            }

            @Override
            public void ended(CallEnd how) {
                services.fxThread().execute(() -> onEnded(how));
            }
        };
        services.background().execute(() -> {
            try {
                ActiveCall started = services.calls().get().start(appointment.id(), services.camera(), remoteVideo, observer);
                services.fxThread().execute(() -> {
                    call = started;
                    call.setMicrophoneMuted(muted.get());
                    call.setCameraEnabled(cameraOn.get());
                });
            } catch (ApiException | IllegalStateException e) {
                LOG.warn("appointment {}: call not started: {}", appointment.id(), e.getMessage());
                services.fxThread().execute(() -> onEnded(new CallEnd(CallEnd.Reason.FAILED,
                        e instanceof ApiException api ? api.kind().name() : "ALREADY_RUNNING")));
            }
        });
    }

    // --- events (FX thread) ------------------------------------------------------------------------

    void onPhase(CallPhase next) {
        if (end.get() != null && next != CallPhase.ENDED) {
            return;
        }
        Instant now = services.clock().instant();
        if (next == CallPhase.CONNECTED && connectedAt == null) {
            connectedAt = now;
            reminder.set(!reminderDismissed);
        }
        interruptedAt = next == CallPhase.INTERRUPTED ? now : null;
        phase.set(next);
        showPhase();
    }

    void onStats(CallStats stats) {
        CallQuality q = CallQuality.of(stats);
        quality.set(q);
        qualityDetails.set(CallQuality.details(stats, messages));
        // The engine has switched its video off because the link carries only audio.
        weakLink.set(stats.videoSend().suspended() ? messages.get("call.weakLink") : "");
    }

    void onEnded(CallEnd how) {
        if (end.get() != null) {
            return;
        }
        end.set(how);
        endedAt = services.clock().instant();
        phase.set(CallPhase.ENDED);
        stopLevel();
        talkingWhileMuted.set(false);
        reminder.set(false);
        if (how.reason() == CallEnd.Reason.SWITCHED_TO_PHONE) {
            endedAt = null; // the conversation goes on by phone: the timer keeps running
            step.set(Step.PHONE);
        } else if (connectedAt != null && how.reason() != CallEnd.Reason.CUSTOMER_IN_WAITING_ROOM) {
            // (back in the waiting room the consultation is not over: no outcome to record yet)
            step.set(Step.OUTCOME);
        }
        showPhase();
    }

    /** Called a few times a second by the window: timer, countdown, muted-while-talking. */
    public void tick() {
        Instant now = services.clock().instant();
        if (connectedAt != null) {
            Instant until = endedAt != null ? endedAt : now;
            timer.set(AppointmentText.elapsed(Duration.between(connectedAt, until)));
            if (reminder.get() && Duration.between(connectedAt, now).compareTo(REMINDER_FOR) > 0) {
                reminder.set(false);
            }
        }
        if (phase.get() == CallPhase.INTERRUPTED) {
            showPhase();
        }
        LevelSource l = level;
        talkingWhileMuted.set(muted.get() && l != null && l.dbfs() > TALKING_DBFS);
    }

    private void showPhase() {
        CallEnd how = end.get();
        if (how != null) {
            String key = "callwindow.ended." + how.reason().name();
            stateText.set(messages.get(key));
            stateHint.set(messages.get(key + ".hint"));
            return;
        }
        CallPhase p = phase.get();
        if (p == CallPhase.INTERRUPTED && interruptedAt != null) {
            long left = Math.max(0, LOST_AFTER.minus(Duration.between(interruptedAt, services.clock().instant()))
                    .toSeconds());
            stateText.set(messages.get("callwindow.state.INTERRUPTED"));
            stateHint.set(messages.get("callwindow.state.INTERRUPTED.countdown", left));
            return;
        }
        stateText.set(messages.get("callwindow.state." + p.name()));
        stateHint.set(messages.get("callwindow.state." + p.name() + ".hint"));
    }

    // --- actions (FX thread) -----------------------------------------------------------------------

    public void toggleMute() {
        setMuted(!muted.get());
    }

    public void setMuted(boolean value) {
        muted.set(value);
        if (call != null) {
            call.setMicrophoneMuted(value);
        }
        if (value && end.get() == null) {
            LevelSources sources = services.levels();
            services.background().execute(() -> {
                LevelSource opened = sources.open();
                services.fxThread().execute(() -> {
                    if (muted.get() && level == null && end.get() == null) {
                        level = opened;
                    } else if (opened != null) {
                        services.background().execute(opened::close);
                    }
                });
            });
        } else {
            stopLevel();
            talkingWhileMuted.set(false);
        }
    }

    public void toggleCamera() {
        cameraOn.set(!cameraOn.get());
        if (call != null) {
            call.setCameraEnabled(cameraOn.get());
        }
    }

    public void dismissReminder() {
        reminderDismissed = true;
        reminder.set(false);
    }

    /** Hangs up (the view asks for confirmation first). */
    public void hangUp() {
        if (call != null) {
            call.hangUp();
        } else if (end.get() == null) {
            onEnded(CallEnd.of(CallEnd.Reason.ADVISOR_HUNG_UP));
        }
    }

    /** Goes on by phone: the server closes the video leg and keeps the appointment running. */
    public void switchToPhone() {
        error.set("");
        services.background().execute(() -> {
            try {
                services.phone().switchToPhone(appointment.id());
                if (call == null) {
                    services.fxThread().execute(() -> onEnded(CallEnd.of(CallEnd.Reason.SWITCHED_TO_PHONE)));
                }
            } catch (ApiException e) {
                services.fxThread().execute(() -> error.set(messages.describe(e)));
            }
        });
    }

    /** The phone call is over: the appointment is completed, then the outcome step. */
    public void endPhoneCall() {
        error.set("");
        services.background().execute(() -> {
            try {
                services.phone().completeByPhone(appointment.id());
                services.fxThread().execute(() -> {
                    endedAt = services.clock().instant();
                    if (connectedAt == null) {
                        connectedAt = endedAt;
                    }
                    step.set(Step.OUTCOME);
                });
            } catch (ApiException e) {
                services.fxThread().execute(() -> error.set(messages.describe(e)));
            }
        });
    }

    /** The outcome step is done (its fields are written into the note by the window). */
    public void finish() {
        step.set(Step.DONE);
    }

    /** The window closes: nothing keeps running. */
    public void close() {
        stopLevel();
        if (call != null && end.get() == null) {
            call.hangUp();
        }
    }

    /** Stopping a libjitsi capture device waits on the audio system: never on the FX thread. */
    private void stopLevel() {
        LevelSource l = level;
        if (l != null) {
            level = null;
            services.background().execute(l::close);
        }
    }

    // --- properties --------------------------------------------------------------------------------

    public Appointment appointment() {
        return appointment;
    }

    /** The running call once started, for tests and the benchmark. */
    public ActiveCall call() {
        return call;
    }

    public ReadOnlyObjectProperty<CallPhase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CallEnd> endProperty() {
        return end.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Step> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateHintProperty() {
        return stateHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timerProperty() {
        return timer.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CallQuality> qualityProperty() {
        return quality.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty qualityDetailsProperty() {
        return qualityDetails.getReadOnlyProperty();
    }

    /** "Die Verbindung ist schwach: nur Ton" while the link is too weak for video, else empty. */
    public ReadOnlyStringProperty weakLinkProperty() {
        return weakLink.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty mutedProperty() {
        return muted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty cameraOnProperty() {
        return cameraOn.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty talkingWhileMutedProperty() {
        return talkingWhileMuted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reminderProperty() {
        return reminder.getReadOnlyProperty();
    }

    public StringProperty outcomeProperty() {
        return outcome;
    }

    public StringProperty nextStepsProperty() {
        return nextSteps;
    }

    public ObjectProperty<LocalDate> followUpProperty() {
        return followUp;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
