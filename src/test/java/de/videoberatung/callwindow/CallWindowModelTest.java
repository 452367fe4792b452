package de.videoberatung.callwindow;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import de.videoberatung.call.CallEnd;
import de.videoberatung.call.CallPhase;
import de.videoberatung.media.call.CallStats;
import de.videoberatung.media.call.StreamStats;
import de.videoberatung.media.call.VideoSendStats;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.ManualClock;
import de.videoberatung.testsupport.ModelThread;
import de.videoberatung.testsupport.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call window's model without a window or media: the call's events are handed to it as the call's
 * observer hands them over, time comes from a manual clock, the phone fall-back goes to the real demo
 * server on loopback (started only by the tests that reach it). The real call (ICE, media, the customer's browser) is CallWindowUiIT's.
 */
class CallWindowModelTest {

    @TempDir
    Path dir;
    LoopbackSession session;
    ModelThread fx;
    final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-call-window"));
    final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"));
    final Microphone microphone = new Microphone();
    Appointment appointment;
    CallWindowModel model;

    /** The advisor's microphone level as the level meter reads it while muted. */
    static final class Microphone implements CallWindowModel.LevelSources {
        volatile double dbfs = -90;
        final AtomicInteger open = new AtomicInteger();

        @Override
        public CallWindowModel.LevelSource open() {
            open.incrementAndGet();
            return new CallWindowModel.LevelSource() {
                @Override
                public double dbfs() {
                    return dbfs;
                }

                @Override
                public void close() {
                    open.decrementAndGet();
                }
            };
        }
    }

    @BeforeEach
    void openTheWindowsModel() {
        fx = new ModelThread();
        Instant start = Instant.parse("2026-12-01T09:00:00Z");
        appointment = new Appointment(42, 7, "Anna Becker", "Olga Wolff", "123A456789", "0301234567",
                "Folgegespräch", Channel.VIDEO, start, start.plusSeconds(1800), AppointmentStatus.CUSTOMER_WAITING,
                null, "http://127.0.0.1/j/x", start, null, null, null, null, false, start);
        open(null);
    }

    /**
     * The window's model for {@link #appointment}; the phone fall-back goes to {@code server}'s API (the tests
     * that never reach the server run without one).
     */
    private void open(LoopbackSession server) {
        CallWindowModel.PhoneFallback phone = server == null ? null : new CallWindows.ApiPhoneFallback(server.client);
        CallWindowModel.Services services = new CallWindowModel.Services(() -> {
            throw new AssertionError("these tests hand the call's events over themselves");
        }, phone, null, microphone, background, fx, clock);
        fx.run(() -> model = new CallWindowModel(appointment, services, Messages.german()));
    }

    /** The demo server on loopback, and the window opened for its first video appointment. */
    private void openOnTheDemoServer() throws Exception {
        fx.run(model::close);
        session = LoopbackSession.start(dir, "demo.berater", LocalTime.of(7, 0));
        appointment = session.client.appointments(LocalDate.now(LoopbackSession.ZONE)).stream()
                .filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
        open(session);
    }

    @AfterEach
    void close() throws Exception {
        fx.run(model::close);
        background.shutdownNow();
        fx.close();
        if (session != null) {
            session.close();
        }
    }

    @Test
    void theStateIsSaidPlainlyFromTheInvitationToTheConversationAndTheTimerRuns() {
        assertThat(text()).isEqualTo("Warten auf die Kundin / den Kunden …");
        fx.run(() -> model.onPhase(CallPhase.CONNECTING));
        assertThat(text()).isEqualTo("Verbindung wird aufgebaut …");
        assertThat(fx.get(() -> model.timerProperty().get())).isEqualTo("0:00");

        fx.run(() -> model.onPhase(CallPhase.CONNECTED));
        assertThat(text()).isEqualTo("Im Gespräch");
        clock.advance(Duration.ofSeconds(83));
        fx.run(model::tick);
        assertThat(fx.get(() -> model.timerProperty().get())).isEqualTo("1:23");
    }

    @Test
    void anInterruptionCountsDownAndALostCallGoesOnToTheOutcomeWithTheTimerStopped() {
        fx.run(() -> model.onPhase(CallPhase.CONNECTED));
        clock.advance(Duration.ofSeconds(60));
        fx.run(() -> model.onPhase(CallPhase.INTERRUPTED));
        assertThat(text()).isEqualTo("Verbindung unterbrochen – neuer Versuch läuft");
        clock.advance(Duration.ofSeconds(12));
        fx.run(model::tick);
        assertThat(fx.get(() -> model.stateHintProperty().get())).startsWith("Das Gespräch wird in 18 s beendet");

        fx.run(() -> model.onEnded(CallEnd.of(CallEnd.Reason.CONNECTION_LOST)));
        assertThat(text()).isEqualTo("Verbindung verloren");
        assertThat(fx.get(() -> model.stepProperty().get())).isEqualTo(CallWindowModel.Step.OUTCOME);
        clock.advance(Duration.ofMinutes(5));
        fx.run(model::tick);
        assertThat(fx.get(() -> model.timerProperty().get())).as("stopped at the end").isEqualTo("1:12");
    }

    @Test
    void hangingUpBeforeTheCustomerCameSkipsTheOutcomeAndLateEventsChangeNothing() {
        fx.run(model::hangUp);
        assertThat(text()).isEqualTo("Sie haben das Gespräch beendet");
        assertThat(fx.get(() -> model.stepProperty().get())).as("nothing to record").isEqualTo(CallWindowModel.Step.CALL);

        fx.run(() -> model.onPhase(CallPhase.CONNECTED));
        fx.run(() -> model.onEnded(CallEnd.of(CallEnd.Reason.CUSTOMER_HUNG_UP)));
        assertThat(text()).isEqualTo("Sie haben das Gespräch beendet");
        assertThat(fx.get(() -> model.phaseProperty().get())).isEqualTo(CallPhase.ENDED);
    }

    @Test
    void theIntroductionReminderGoesAfterTwentySecondsOrWhenDismissed() {
        assertThat(fx.get(() -> model.reminderProperty().get())).isFalse();
        fx.run(() -> model.onPhase(CallPhase.CONNECTED));
        assertThat(fx.get(() -> model.reminderProperty().get())).isTrue();
        clock.advance(Duration.ofSeconds(19));
        fx.run(model::tick);
        assertThat(fx.get(() -> model.reminderProperty().get())).isTrue();
        clock.advance(Duration.ofSeconds(2));
        fx.run(model::tick);
        assertThat(fx.get(() -> model.reminderProperty().get())).isFalse();

        // Dismissed, it stays away even when the call connects again after an interruption.
        fx.run(() -> {
            model.onPhase(CallPhase.INTERRUPTED);
            model.dismissReminder();
            model.onPhase(CallPhase.CONNECTED);
        });
        assertThat(fx.get(() -> model.reminderProperty().get())).isFalse();
    }

    @Test
    void speakingWhileMutedIsPointedOutAndTheMeterClosesOnUnmute() {
        fx.run(() -> model.onPhase(CallPhase.CONNECTED));
        fx.run(() -> model.setMuted(true));
        fx.until("the level meter is open", () -> {
            model.tick();
            return microphone.open.get() == 1;
        });
        microphone.dbfs = -62;
        fx.run(model::tick);
        assertThat(fx.get(() -> model.talkingWhileMutedProperty().get())).as("room noise").isFalse();
        microphone.dbfs = -18;
        fx.until("speech while muted is noticed", () -> {
            model.tick();
            return model.talkingWhileMutedProperty().get();
        });

        fx.run(model::toggleMute);
        assertThat(fx.get(() -> model.talkingWhileMutedProperty().get())).isFalse();
        assertThat(fx.get(() -> model.mutedProperty().get())).isFalse();
        // The meter is closed off the FX thread (stopping a capture device waits on the audio system).
        Poll.until("meter closed", Duration.ofSeconds(5), () -> microphone.open.get() == 0);
    }

    @Test
    void theConnectionQualityIsShownInGerman() {
        StreamStats audio = new StreamStats(500, 40_000, 32, 0.5, 2, 0, 0, 0, 0);
        StreamStats video = new StreamStats(900, 900_000, 812.4, 1.25, 3, 300, 30, 640, 480);
        fx.run(() -> model.onStats(new CallStats(clock.instant(), 45, audio, audio, video, video)));
        assertThat(fx.get(() -> model.qualityProperty().get())).isEqualTo(CallQuality.of(
                new CallStats(clock.instant(), 45, audio, audio, video, video)));
        assertThat(fx.get(() -> model.qualityDetailsProperty().get())).isEqualTo("Laufzeit (RTT) 45 ms · Senden 812 kbit/s\n"
                + "Sie empfangen: Verlust 1,3 % · 812 kbit/s · Bild 640×480 bei 30 Bildern/s\n"
                + "Die Kundin/der Kunde empfängt: noch keine Rückmeldung");
    }

    @Test
    void aLinkTooWeakForVideoIsSaidPlainlyAndTheNoticeGoesWhenVideoResumes() {
        StreamStats audio = new StreamStats(500, 40_000, 32, 0.5, 2, 0, 0, 0, 0);
        VideoSendStats suspended = new VideoSendStats(50, 0, 0, 0, 0, true, 60, 0, 0, 0, -1, 0, 0);
        VideoSendStats resumed = new VideoSendStats(180, 140, 15, 320, 240, false, 200, 0, 0, 0, -1, 0, 0);
        fx.run(() -> model.onStats(new CallStats(clock.instant(), 300, audio, audio, StreamStats.NONE,
                StreamStats.NONE, suspended)));
        assertThat(fx.get(() -> model.weakLinkProperty().get())).isEqualTo("Die Verbindung ist schwach: nur Ton");
        fx.run(() -> model.onStats(new CallStats(clock.instant(), 200, audio, audio, StreamStats.NONE,
                StreamStats.NONE, resumed)));
        assertThat(fx.get(() -> model.weakLinkProperty().get())).isEmpty();
    }

    @Test
    void goingOnByPhoneKeepsTheTimerAndEndingThePhoneCallCompletesTheAppointment() throws Exception {
        openOnTheDemoServer();
        session.customerJoins(appointment);
        fx.run(() -> model.onPhase(CallPhase.CONNECTED));
        clock.advance(Duration.ofSeconds(30));

        fx.run(model::switchToPhone);
        fx.until("the window goes on by phone", () -> model.stepProperty().get() == CallWindowModel.Step.PHONE);
        assertThat(text()).isEqualTo("Weiter per Telefon");
        clock.advance(Duration.ofSeconds(90));
        fx.run(model::tick);
        assertThat(fx.get(() -> model.timerProperty().get())).as("the conversation goes on").isEqualTo("2:00");

        fx.run(model::endPhoneCall);
        fx.until("the outcome step", () -> model.stepProperty().get() == CallWindowModel.Step.OUTCOME);
        assertThat(status()).isEqualTo(AppointmentStatus.COMPLETED);
        assertThat(fx.get(() -> model.errorProperty().get())).isEmpty();
    }

    @Test
    void aSwitchTheServerRefusesIsExplainedAndTheCallStays() throws Exception {
        openOnTheDemoServer();
        // Nobody waits for this appointment yet: the server refuses the switch.
        fx.run(model::switchToPhone);
        fx.until("the refusal is explained", () -> !model.errorProperty().get().isEmpty());
        assertThat(fx.get(() -> model.errorProperty().get())).isEqualTo("Diese Änderung ist im aktuellen Zustand "
                + "des Termins nicht möglich. Die Liste wird neu geladen.");
        assertThat(fx.get(() -> model.stepProperty().get())).isEqualTo(CallWindowModel.Step.CALL);
        assertThat(status()).isEqualTo(AppointmentStatus.SCHEDULED);
    }

    private String text() {
        return fx.get(() -> model.stateTextProperty().get());
    }

    private AppointmentStatus status() throws Exception {
        return session.client.appointments(LocalDate.now(LoopbackSession.ZONE)).stream()
                .filter(a -> a.id() == appointment.id()).findFirst().orElseThrow().status();
    }
}
