package de.videoberatung.sync;

import de.videoberatung.threads.NamedThreads;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Backoff;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import de.videoberatung.api.NotePushResult;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.store.LocalNotes;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The note sync engine: pushes the outbox in batches and pulls the server's changes in pages, on its own
 * thread, never on the FX thread. It runs after every settled local change, after the connection comes
 * back and when the server says notes changed; after a failure it retries with exponential backoff and
 * jitter. The protocol is described in docs/sync-protocol.md.
 */
public final class NoteSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NoteSync.class);

    /** Tuning; {@link #defaults()} is what the app uses. */
    public record Settings(int batchSize, long batchBytes, int pageSize, Duration firstRetry, Duration maxRetry) {
        public static Settings defaults() {
            // 400 KB per push stays well below the server's 1 MB request limit.
            return new Settings(50, 400_000, 500, Duration.ofMillis(250), Duration.ofSeconds(30));
        }
    }

    /** What the last sync attempt came to; for status displays. */
    public record Status(boolean ok, ApiException failure, int outbox) {
    }

    private final ApiClient api;
    private final LocalNotes notes;
    private final long userId;
    private final Settings settings;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;
    private final Consumer<ApiException> onFailure;
    private final Runnable unsubscribe;
    private volatile Consumer<Status> statusListener = s -> { };
    private volatile Supplier<LocalDate> pullFrom = () -> null;
    private ScheduledFuture<?> scheduled;
    private boolean running;
    private boolean again;
    private boolean closed;

    /**
     * @param onFailure told about every failed request, e.g. {@link ServerConnection#reportFailure}
     */
    public NoteSync(ApiClient api, LocalNotes notes, long userId, Settings settings, Consumer<ApiException> onFailure) {
        this.api = api;
        this.notes = notes;
        this.userId = userId;
        this.settings = settings;
        this.onFailure = onFailure;
        this.backoff = new Backoff(settings.firstRetry(), settings.maxRetry(), new Random());
        this.executor = NamedThreads.scheduled("note-sync");
        this.unsubscribe = notes.onChange(change -> {
            if (change.local()) {
                requestSync();
            }
        });
    }

    /**
     * Pulls only the notes the days from {@code from} on need (their appointments and their customers' other
     * notes) instead of all; {@code from} answers null for all. Set before {@link #start()}.
     */
    public NoteSync pullFrom(Supplier<LocalDate> from) {
        this.pullFrom = from;
        return this;
    }

    /** Syncs after reconnection and whenever the server reports changed notes. */
    public NoteSync attach(ServerConnection connection) {
        connection.onReconnected(this::requestSync);
        connection.onEvent(event -> {
            if (event instanceof ServerEvent.NotesChanged) {
                requestSync();
            }
        });
        return this;
    }

    public void onStatus(Consumer<Status> listener) {
        statusListener = listener;
    }

    /** Starts with a first sync. */
    public NoteSync start() {
        requestSync();
        return this;
    }

    /** Runs a sync as soon as possible; a waiting retry is brought forward. */
    public synchronized void requestSync() {
        if (closed) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = executor.schedule(this::run, 0, TimeUnit.MILLISECONDS);
    }

    private void run() {
        synchronized (this) {
            if (closed) {
                return;
            }
            running = true;
            again = false;
        }
        Duration retry = null;
        Status status;
        try {
            pushAll();
            pullAll();
            backoff.reset();
            status = new Status(true, null, notes.outboxSize());
        } catch (ApiException e) {
            retry = backoff.next();
            LOG.info("note sync failed ({} {}), next attempt in {} ms", e.kind(), e.code(), retry.toMillis());
            onFailure.accept(e);
            status = new Status(false, e, notes.outboxSize());
        } catch (RuntimeException e) {
            // Never let the sync thread die: log it and try again later.
            retry = backoff.next();
            LOG.error("note sync failed locally", e);
            status = new Status(false, null, -1);
        }
        synchronized (this) {
            running = false;
            if (!closed) {
                long delay = again ? 0 : retry == null ? -1 : retry.toMillis();
                if (delay >= 0) {
                    scheduled = executor.schedule(this::run, delay, TimeUnit.MILLISECONDS);
                }
            }
        }
        statusListener.accept(status);
    }

    private void pushAll() throws ApiException {
        while (true) {
            List<LocalNotes.Pending> batch = notes.pending(userId, settings.batchSize(), settings.batchBytes());
            if (batch.isEmpty()) {
                return;
            }
            try {
                push(batch);
            } catch (ApiException e) {
                if (!refused(e)) {
                    throw e;
                }
                if (batch.size() == 1) {
                    handleRefused(batch.get(0), e);
                } else {
                    // The server applies a batch whole or not at all: find the one it refuses.
                    for (LocalNotes.Pending single : batch) {
                        try {
                            push(List.of(single));
                        } catch (ApiException singleFailure) {
                            if (!refused(singleFailure)) {
                                throw singleFailure;
                            }
                            handleRefused(single, singleFailure);
                        }
                    }
                }
            }
        }
    }

    private void push(List<LocalNotes.Pending> batch) throws ApiException {
        NotePushResult result = api.pushNotes(new NotePush(notes.deviceId(),
                batch.stream().map(LocalNotes.Pending::mutation).toList()));
        if (result.results().size() != batch.size()) {
            throw new ApiException(ApiException.Kind.BAD_RESPONSE, 200, null,
                    "push answered " + result.results().size() + " results for " + batch.size() + " mutations", null);
        }
        for (int i = 0; i < batch.size(); i++) {
            notes.applyPushed(batch.get(i), result.results().get(i));
        }
    }

    /** A refusal of the content itself: retrying the same mutation would be refused again. */
    private static boolean refused(ApiException e) {
        return switch (e.kind()) {
            case INVALID_REQUEST, NOT_FOUND, CONFLICT -> true;
            default -> false;
        };
    }

    private void handleRefused(LocalNotes.Pending pending, ApiException e) {
        if ("NOTE_FINALISED".equals(e.code())) {
            String correction = notes.turnIntoCorrection(pending);
            LOG.info("note {} was finalised elsewhere; local edit kept as correction {}",
                    pending.mutation().noteId(), correction);
        } else {
            LOG.warn("server refused note {}: {}", pending.mutation().noteId(), e.code());
            notes.park(pending, e.code() != null ? e.code() : e.kind().name());
        }
    }

    private void pullAll() throws ApiException {
        NotePage page;
        do {
            page = api.pullNotes(notes.cursor(userId), settings.pageSize(), pullFrom.get());
            notes.applyPulled(userId, page);
        } while (page.more());
    }

    /** Stops syncing; what is in the outbox stays there for the next start. */
    @Override
    public void close() {
        unsubscribe.run();
        synchronized (this) {
            closed = true;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
