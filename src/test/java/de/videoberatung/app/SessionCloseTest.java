package de.videoberatung.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.store.AppointmentCache;
import de.videoberatung.store.LocalStore;
import de.videoberatung.store.NoteTarget;
import de.videoberatung.testsupport.FaultProxy;
import de.videoberatung.testsupport.Poll;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A session closes as one: signing out or quitting while the note sync pushes and the queue refreshes a day
 * loses nothing and throws nothing. Real parts: the reference server on loopback behind a slow path, the
 * app's SQLite file in a temp folder, the session as the composition root builds it.
 */
class SessionCloseTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TEXT = "Vereinbart: Bewerbungsunterlagen bis Freitag.";

    @TempDir
    Path dir;
    private ConsultationServer server;
    private FaultProxy path;
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeEach
    void startServer() throws Exception {
        server = ConsultationServer.create(ServerOptions.builder(dir.resolve("server")).demo(true).build()).start();
        path = new FaultProxy(server.baseUri());
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stopServer() throws Exception {
        root().detachAppender(log);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        path.close();
        server.close();
    }

    @Test
    void signOutDuringSyncAndRefreshLosesNothing() throws Exception {
        AppContext context = startApp();
        AdvisorSession session = signIn(context);
        Work work = startSyncAndRefresh(context, session);

        // Sign-out as the app does it: windows on the calling thread, the drain on its own.
        session.end().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertCleanlyClosed();
        assertThat(dayInCache(context.store(), session, work.refreshed())).isTrue();
        // The next session on the same store pushes whatever the first one had not finished.
        path.delayReplies("POST /api/v1/notes/push", Duration.ZERO);
        path.delayReplies("GET /api/v1/appointments", Duration.ZERO);
        AdvisorSession next = signIn(context);
        assertNoteReachesServer(context, work.noteId());
        next.close();
        context.close();
        assertCleanlyClosed();
    }

    @Test
    void exitDuringSyncAndRefreshLosesNothing() throws Exception {
        AppContext context = startApp();
        AdvisorSession session = signIn(context);
        Work work = startSyncAndRefresh(context, session);

        // Exit as the app does it: the session, then the store.
        session.close();
        context.close();

        assertCleanlyClosed();
        path.delayReplies("POST /api/v1/notes/push", Duration.ZERO);
        path.delayReplies("GET /api/v1/appointments", Duration.ZERO);
        AppContext restarted = startApp();
        assertThat(dayInCache(restarted.store(), session, work.refreshed())).isTrue();
        AdvisorSession next = signIn(restarted);
        assertNoteReachesServer(restarted, work.noteId());
        next.close();
        restarted.close();
        assertCleanlyClosed();
    }

    private record Work(String noteId, LocalDate refreshed) {
    }

    /** A note saved (its push under way) and another day asked for (its fetch under way), both on a slow path. */
    private Work startSyncAndRefresh(AppContext context, AdvisorSession session) {
        Appointment a = Poll.untilPresent("queue shown", WAIT,
                () -> session.queue().allAppointments().stream().findFirst().orElse(null));
        // The refresh answers slower than the push, so that it is still under way when the sync has stopped.
        path.delayReplies("POST /api/v1/notes/push", Duration.ofMillis(300));
        path.delayReplies("GET /api/v1/appointments", Duration.ofMillis(1500));
        int pushes = path.requests("POST /api/v1/notes/push");
        String noteId = UUID.randomUUID().toString();
        context.notes().save(new NoteTarget(noteId, a.advisorId(), a.id(), a.customerNumber(), a.startsAt(), null),
                new NoteContent(TEXT, "", "", "", null));
        LocalDate refreshed = session.queue().dayProperty().get().plusDays(1);
        session.queue().nextDay();
        Poll.until("push under way", WAIT, () -> path.requests("POST /api/v1/notes/push") > pushes);
        Poll.until("refresh under way", WAIT,
                () -> path.requests("GET /api/v1/appointments?date=" + refreshed) > 0);
        return new Work(noteId, refreshed);
    }

    private AppContext startApp() {
        CompletableFuture<DeviceServices> noDevices = new CompletableFuture<>();
        return AppContext.start(AppConfigs.server(dir.resolve("app"), path.uri()), Clock.systemUTC(), noDevices);
    }

    private AdvisorSession signIn(AppContext context) throws Exception {
        SessionResponse signedIn = context.api().login("demo.berater", AppContext.DEMO_PASSWORD);
        Session session = context.openSession(signedIn, new SessionHooks(Runnable::run, notices::add, () -> null));
        session.start();
        return (AdvisorSession) session;
    }

    private void assertNoteReachesServer(AppContext context, String noteId) throws Exception {
        ApiClient check = new ApiClient(server.baseUri());
        check.login("demo.berater", AppContext.DEMO_PASSWORD);
        Poll.until("note on the server", WAIT, () -> {
            try {
                return check.pullNotes(0, 1000).notes().stream()
                        .anyMatch(n -> n.id().equals(noteId) && n.content().text().equals(TEXT));
            } catch (Exception e) {
                return false;
            }
        });
        Poll.until("outbox empty", WAIT, () -> context.notes().outboxSize() == 0);
    }

    private static boolean dayInCache(LocalStore store, AdvisorSession session, LocalDate day) {
        return new AppointmentCache(store, ZoneId.systemDefault()).loadDay(session.user().id(), day).isPresent();
    }

    private void assertCleanlyClosed() {
        assertThat(uncaught).as("uncaught exceptions").isEmpty();
        assertThat(notices).as("notices shown to the advisor").isEmpty();
        assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(SessionCloseTest::describe)).as("errors logged").isEmpty();
    }

    private static String describe(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName() + ": " + event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" / ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
