package de.videoberatung.queue;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.StatusChange;
import de.videoberatung.store.AppointmentCache;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day of appointments (the advisor's own, or the team's for a team lead): fetched from the server, kept
 * in the local cache, updated by pushed events, and served from the cache while the server is unreachable.
 * Runs on a background executor.
 */
public final class QueueService {

    private static final Logger LOG = LoggerFactory.getLogger(QueueService.class);
    private static final Comparator<Appointment> BY_START =
            Comparator.comparing(Appointment::startsAt).thenComparing(Appointment::id);

    /**
     * What the queue shows for a day.
     *
     * @param fromCache the server could not be asked; this is the state saved at {@code savedAt}
     * @param savedAt when the shown state was fetched from the server (null if nothing was ever saved)
     */
    public record DayState(LocalDate day, List<Appointment> appointments, boolean fromCache, Instant savedAt) {
    }

    /**
     * Which appointments a day holds: the signed-in advisor's own, or (for a team lead) the whole team's.
     * The server already sends each user only the events they may see; the source picks those of its list.
     */
    public interface Source {
        List<Appointment> fetch(ApiClient client, LocalDate day) throws ApiException;

        boolean includes(Appointment changed);

        /** The signed-in advisor's own appointments. */
        static Source ownAppointments(long userId) {
            return new Source() {
                @Override
                public List<Appointment> fetch(ApiClient client, LocalDate day) throws ApiException {
                    return client.appointments(day);
                }

                @Override
                public boolean includes(Appointment changed) {
                    return changed.advisorId() == userId;
                }
            };
        }
    }

    private final ServerConnection connection;
    private final Source source;
    private final AppointmentCache cache;
    private final long userId;
    private final ZoneId zone;
    private final Executor io;
    private final Clock clock;
    private volatile Consumer<DayState> listener = s -> { };
    private volatile Consumer<Throwable> failureListener = e -> { };
    private DayState current;
    private final Consumer<ServerEvent> eventListener = this::onEvent;
    private final Runnable reconnectListener = this::reload;

    public QueueService(ServerConnection connection, AppointmentCache cache, long userId, ZoneId zone, Executor io,
                        Clock clock) {
        this(connection, Source.ownAppointments(userId), cache, userId, zone, io, clock);
    }

    /** @param userId whose cache the days are kept in (the signed-in user) */
    public QueueService(ServerConnection connection, Source source, AppointmentCache cache, long userId, ZoneId zone,
                        Executor io, Clock clock) {
        this.connection = connection;
        this.source = source;
        this.cache = cache;
        this.userId = userId;
        this.zone = zone;
        this.io = io;
        this.clock = clock;
        connection.onEvent(eventListener);
        connection.onReconnected(reconnectListener);
    }

    /** Stops following the server (sign-out). */
    public void close() {
        connection.removeEventListener(eventListener);
        connection.removeReconnectListener(reconnectListener);
    }

    /** Receives every new state of the shown day, on the background thread. */
    public void setListener(Consumer<DayState> listener) {
        this.listener = listener;
    }

    /** Receives failures that are not about reachability (those show as the offline state). */
    public void setFailureListener(Consumer<Throwable> failureListener) {
        this.failureListener = failureListener;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Loads {@code day} in the background: from the server if possible, else from the cache. */
    public void show(LocalDate day) {
        io.execute(() -> load(day));
    }

    private void reload() {
        DayState shown = currentState();
        if (shown != null) {
            show(shown.day());
        }
    }

    private void load(LocalDate day) {
        DayState state;
        List<Appointment> fetched = null;
        try {
            fetched = source.fetch(connection.client(), day);
            state = new DayState(day, sorted(fetched), false, clock.instant());
        } catch (ApiException e) {
            connection.reportFailure(e);
            if (e.kind() != ApiException.Kind.UNREACHABLE) {
                failureListener.accept(e);
            }
            state = cache.loadDay(userId, day)
                    .map(c -> new DayState(day, sorted(c.appointments()), true, c.fetchedAt()))
                    .orElse(new DayState(day, List.of(), true, null));
        } catch (RuntimeException e) {
            LOG.error("loading the queue failed", e);
            failureListener.accept(e);
            return;
        }
        publish(state);
        if (fetched != null) {
            // After the rows are on their way to the screen: writing 2,000 rows to SQLite is not what the advisor
            // waits for. Still on this thread, so every later change and reload sees the saved day.
            try {
                cache.saveDay(userId, day, fetched, state.savedAt());
            } catch (RuntimeException e) {
                LOG.error("saving the day to the local cache failed", e);
                failureListener.accept(e);
            }
        }
    }

    /** Asks the server for a status change; fails at once while offline, so nothing is silently dropped. */
    public CompletableFuture<Appointment> changeStatus(long appointmentId, StatusChange change) {
        return act(client -> client.changeStatus(appointmentId, change));
    }

    /** "Einladung erneut senden": the server queues the invitation again; the row shows it as pending. */
    public CompletableFuture<Appointment> resendInvitation(long appointmentId) {
        return act(client -> client.resendInvitation(appointmentId));
    }

    /** A request that changes one appointment. */
    private interface Action {
        Appointment on(ApiClient client) throws ApiException;
    }

    private CompletableFuture<Appointment> act(Action action) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (!connection.state().online()) {
                    throw new ApiException(ApiException.Kind.UNREACHABLE, 0, null, "offline", null);
                }
                Appointment updated = action.on(connection.client());
                applyChange(updated);
                return updated;
            } catch (ApiException e) {
                connection.reportFailure(e);
                if (e.kind() == ApiException.Kind.NOT_FOUND || e.kind() == ApiException.Kind.CONFLICT) {
                    reload();
                }
                throw new CompletionException(e);
            }
        }, io);
    }

    private void onEvent(ServerEvent event) {
        if (event instanceof ServerEvent.AppointmentChanged changed && source.includes(changed.appointment())) {
            io.execute(() -> applyChange(changed.appointment()));
        }
    }

    private void applyChange(Appointment changed) {
        cache.saveAppointment(userId, changed);
        DayState shown = currentState();
        if (shown == null || !LocalDate.ofInstant(changed.startsAt(), zone).equals(shown.day())) {
            return;
        }
        List<Appointment> updated = new ArrayList<>(shown.appointments());
        updated.removeIf(a -> a.id() == changed.id());
        updated.add(changed);
        publish(new DayState(shown.day(), sorted(updated), shown.fromCache(), shown.savedAt()));
    }

    private synchronized DayState currentState() {
        return current;
    }

    private void publish(DayState state) {
        synchronized (this) {
            current = state;
        }
        listener.accept(state);
    }

    private static List<Appointment> sorted(List<Appointment> appointments) {
        return appointments.stream().sorted(BY_START).toList();
    }
}
