package de.videoberatung.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the desktop app connected: holds the event stream open, notices when the server is gone, and
 * retries with exponential backoff and jitter until it is back. Features subscribe to events and to
 * the connection state; none of them deals with reconnecting on their own.
 *
 * <p>Plain Java: listeners are called on this class's scheduler thread or the HTTP client's threads.
 */
public final class ServerConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** Whether the server can be reached, and since when not. */
    public record State(boolean online, Instant offlineSince, boolean sessionExpired) {
        static State connected() {
            return new State(true, null, false);
        }
    }

    /** Obtains a fresh session when the old one is no longer accepted; answers false if it cannot. */
    @FunctionalInterface
    public interface SessionRenewal {
        boolean renew(ApiClient client);
    }

    private final ApiClient client;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final SessionRenewal renewal;
    private final List<Consumer<ServerEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.connected();
    private volatile WebSocket socket;
    private final Object sendLock = new Object();
    private volatile boolean closed;
    private final Backoff backoff = new Backoff(FIRST_RETRY, MAX_RETRY, new Random());
    private final Duration heartbeat;
    private volatile long lastPingNanos;
    private volatile long lastPongNanos;
    private ScheduledFuture<?> heartbeatTask;
    private boolean retryScheduled;

    public ServerConnection(ApiClient client, ScheduledExecutorService scheduler, Clock clock,
                            SessionRenewal renewal) {
        this(client, scheduler, clock, renewal, HEARTBEAT);
    }

    /**
     * @param heartbeat how often the open stream is pinged; a ping not answered within this time means the
     *                  network path is dead even though no connection was closed (Wi-Fi gone, NAT timeout)
     */
    public ServerConnection(ApiClient client, ScheduledExecutorService scheduler, Clock clock,
                            SessionRenewal renewal, Duration heartbeat) {
        this.heartbeat = heartbeat;
        this.client = client;
        this.scheduler = scheduler;
        this.clock = clock;
        this.renewal = renewal;
    }

    public ApiClient client() {
        return client;
    }

    public State state() {
        return state;
    }

    /**
     * Whether the event stream is open now: its handshake is done and it has not closed since. The state says
     * online from the start (the app assumes the server is there until shown otherwise), before this is true.
     */
    public boolean streamOpen() {
        WebSocket ws = socket;
        return ws != null && !ws.isInputClosed() && !ws.isOutputClosed();
    }

    public void onEvent(Consumer<ServerEvent> listener) {
        eventListeners.add(listener);
    }

    public void onStateChange(Consumer<State> listener) {
        stateListeners.add(listener);
    }

    /** Called after the connection came back, so features can fetch what they missed. */
    public void onReconnected(Runnable listener) {
        reconnectListeners.add(listener);
    }

    public void removeEventListener(Consumer<ServerEvent> listener) {
        eventListeners.remove(listener);
    }

    public void removeStateListener(Consumer<State> listener) {
        stateListeners.remove(listener);
    }

    public void removeReconnectListener(Runnable listener) {
        reconnectListeners.remove(listener);
    }

    /**
     * Sends a call signal to the server on the event stream. Blocks until it is handed to the network.
     *
     * @throws ApiException of kind UNREACHABLE while the stream is not open
     */
    public void send(CallSignal signal) throws ApiException {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed() || !state.online()) {
            throw new ApiException(ApiException.Kind.UNREACHABLE, 0, null, "event stream not open", null);
        }
        String text;
        try {
            text = Json.mapper().writeValueAsString(signal);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("call signal not serialisable", e);
        }
        // java.net.http allows one outstanding text message per socket.
        synchronized (sendLock) {
            try {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(ApiException.Kind.UNREACHABLE, 0, null, "interrupted while sending", e);
            } catch (ExecutionException | TimeoutException e) {
                ApiException failure = new ApiException(ApiException.Kind.UNREACHABLE, 0, null,
                        "call signal not sent: " + e, e);
                goOffline(failure);
                throw failure;
            }
        }
    }

    /**
     * Opens the event stream in the background, replacing one that is open (after a new sign-in the
     * stream must carry the new session); failures start the retry loop.
     */
    public void start() {
        scheduler.execute(() -> {
            WebSocket old = socket;
            socket = null;
            if (old != null) {
                old.abort();
            }
            connect();
        });
    }

    /**
     * A feature's call failed. If the server was unreachable the app goes offline and retries; other
     * failures say nothing about the connection.
     */
    public void reportFailure(ApiException e) {
        if (closed) {
            // A request of a session being closed came back: nothing to reconnect for.
            return;
        }
        if (e.kind() == ApiException.Kind.UNREACHABLE) {
            goOffline(e);
        } else if (e.kind() == ApiException.Kind.UNAUTHORIZED) {
            scheduler.execute(this::connect);
        }
    }

    private synchronized void connect() {
        retryScheduled = false;
        if (closed) {
            return;
        }
        try {
            socket = client.openEvents(this::dispatch, this::streamClosed, () -> lastPongNanos = System.nanoTime());
            lastPingNanos = System.nanoTime();
            lastPongNanos = lastPingNanos;
            startHeartbeat();
            boolean wasOffline = !state.online();
            backoff.reset();
            setState(State.connected());
            if (wasOffline) {
                LOG.info("server reachable again");
                reconnectListeners.forEach(Runnable::run);
            }
        } catch (ApiException e) {
            if (e.kind() == ApiException.Kind.UNAUTHORIZED) {
                if (renewal.renew(client)) {
                    scheduleRetry(Duration.ZERO);
                } else {
                    setState(new State(false, offlineSince(), true));
                }
            } else {
                goOffline(e);
            }
        }
    }

    private synchronized void startHeartbeat() {
        if (heartbeatTask == null) {
            heartbeatTask = scheduler.scheduleAtFixedRate(this::beat, heartbeat.toMillis(), heartbeat.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Pings the open stream; the previous ping still unanswered means the path is dead. */
    private void beat() {
        WebSocket ws = socket;
        if (ws == null || closed) {
            return;
        }
        if (lastPongNanos < lastPingNanos) {
            socket = null;
            ws.abort();
            goOffline(new IOException("no answer to a ping within " + heartbeat.toMillis() + " ms"));
            return;
        }
        lastPingNanos = System.nanoTime();
        ws.sendPing(ByteBuffer.allocate(0));
    }

    private void dispatch(ServerEvent event) {
        for (Consumer<ServerEvent> listener : eventListeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("event listener failed", e);
            }
        }
    }

    private void streamClosed(Throwable cause) {
        // A stream replaced by start() closes too; only the current one going away means offline.
        if (!closed && socket != null) {
            goOffline(cause);
        }
    }

    private synchronized void goOffline(Throwable cause) {
        if (closed) {
            return;
        }
        if (state.online()) {
            LOG.warn("server not reachable: {}", cause.toString());
            setState(new State(false, clock.instant(), false));
        }
        if (!retryScheduled) {
            // Exponential backoff with jitter, so that many clients do not return all at the same moment.
            scheduleRetry(backoff.next());
        }
    }

    private Instant offlineSince() {
        return state.offlineSince() != null ? state.offlineSince() : clock.instant();
    }

    private synchronized void scheduleRetry(Duration delay) {
        if (!retryScheduled && !closed) {
            retryScheduled = true;
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void setState(State newState) {
        if (!newState.equals(state)) {
            state = newState;
            stateListeners.forEach(l -> l.accept(newState));
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (heartbeatTask != null) {
                heartbeatTask.cancel(false);
            }
        }
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
