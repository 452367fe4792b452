package de.videoberatung.app;

import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.UserInfo;
import de.videoberatung.queue.QueueService;
import de.videoberatung.threads.NamedThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.ObservableList;
import javafx.scene.Parent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that exists only while someone is signed in: the connection to the server under their
 * session, the background threads that work for it, and the role's services and models. Built in one place
 * ({@link AppContext#openSession}) after sign-in, where the role decides what a session holds, and closed as
 * one at sign-out or exit. Closing drains the background work, so nothing writes to the local store after
 * the session is gone.
 */
public abstract sealed class Session implements AutoCloseable permits AdvisorSession, TeamLeadSession,
        AdminSession {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** Longer than the API client's request timeout, so a request under way always finishes. */
    static final Duration DRAIN = Duration.ofSeconds(15);

    /** The parts every role's session has. */
    record Base(UserInfo user, Clock clock, ObjectProperty<Instant> now, ServerConnection server,
                ScheduledExecutorService serverThread, ExecutorService io, ConnectionModel connection) {
    }

    private final Base base;
    private boolean windowsClosed;
    private boolean closed;

    Session(Base base) {
        this.base = base;
        tick();
    }

    public UserInfo user() {
        return base.user();
    }

    /** Online, offline or expired, for the banners. */
    public ConnectionModel connection() {
        return base.connection();
    }

    /** Moves the shown time on; the main window calls this every second on the FX thread. */
    public void tick() {
        base.now().set(base.clock().instant());
    }

    protected ServerConnection server() {
        return base.server();
    }

    /** The session's background thread for the queue's network and disk work ({@code queue-io}). */
    protected ExecutorService io() {
        return base.io();
    }

    /** Opens the event stream and loads the first day. */
    public void start() {
        base.server().start();
        startRole();
    }

    abstract void startRole();

    /** The main content for this role (the queue, the team's day); built on the FX thread, once. */
    public abstract Parent content();

    /** The rows the main content shows. */
    public abstract ObservableList<?> shownRows();

    /** When the shown day was last fetched (for the offline banner). */
    public abstract ReadOnlyObjectProperty<Instant> savedAtProperty();

    /** The switch of the waiting-room alert, for roles that have one. */
    public Optional<BooleanProperty> waitingAlert() {
        return Optional.empty();
    }

    /** The role's queue service; null for a role without a queue (admin). */
    abstract QueueService queueService();

    /** Closes the role's windows (on the FX thread): what they hold unsaved goes to the background threads. */
    abstract void closeRoleWindows();

    /** Stops the role's services and waits for their work (any thread). */
    abstract void drainRole();

    /** The FX part of closing: the session's windows close and stop following the services. */
    public synchronized void closeWindows() {
        if (windowsClosed) {
            return;
        }
        windowsClosed = true;
        closeRoleWindows();
        base.connection().dispose();
    }

    /**
     * Sign-out: closes the windows here (the FX thread) and drains the background work on a thread of its
     * own, so the login form is there at once.
     */
    public CompletableFuture<Void> end() {
        closeWindows();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        NamedThreads.start("session-close", () -> {
            try {
                close();
                drained.complete(null);
            } catch (RuntimeException e) {
                LOG.error("closing the session failed", e);
                drained.completeExceptionally(e);
            }
        });
        return drained;
    }

    /**
     * Closes everything of this session and returns once its background work is done. The order matters:
     * the services stop taking new work, the connection stops reconnecting, then the threads are drained;
     * the local store (owned by {@link AppContext}) may close after this returns.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closeWindows();
        if (queueService() != null) {
            queueService().close();
        }
        base.server().close();
        drainRole();
        if (!NamedThreads.drain(base.io(), DRAIN)) {
            LOG.error("queue work still running after {} s", DRAIN.toSeconds());
        }
        // Last: until now a failing request may still have told the connection about it.
        base.serverThread().shutdownNow();
    }
}
