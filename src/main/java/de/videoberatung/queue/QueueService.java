package de.videoberatung.queue;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.ImportResult;
import de.videoberatung.api.UserInfo;
import de.videoberatung.api.ServerConnection;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.StatusChange;
import de.videoberatung.store.AppointmentCache;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
    /** A fetched day not yet written to the cache (queue-io only); see {@link #dayShown()}. */
    private DayToSave unsaved;
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

    /** Stops following the server (sign-out); a fetched day not yet cached is written before queue-io drains. */
    public void close() {
        connection.removeEventListener(eventListener);
        connection.removeReconnectListener(reconnectListener);
        saveSoon();
    }

    /**
     * The shown day is on screen: its fetched state is written to the local cache now, on queue-io. Writing 2,000
     * rows (JSON, AES-GCM, SQLite) while the FX thread lays them out took a core from the layout on two cores.
     * Any other work of this service on queue-io writes it first, so the cache never goes back behind a change.
     */
    public void dayShown() {
        saveSoon();
    }

    private void saveSoon() {
        try {
            io.execute(this::saveUnsaved);
        } catch (RejectedExecutionException e) {
            // The session is closing: close() queued the write before queue-io stopped taking work.
        }
    }

    private record DayToSave(LocalDate day, List<Appointment> appointments, Instant fetchedAt) {
    }

    private void saveUnsaved() {
        DayToSave day = unsaved;
        unsaved = null;
        if (day == null) {
            return;
        }
        try {
            cache.saveDay(userId, day.day(), day.appointments(), day.fetchedAt());
        } catch (RuntimeException e) {
            LOG.error("saving the day to the local cache failed", e);
            failureListener.accept(e);
        }
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
        saveUnsaved();
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
        if (fetched != null) {
            // Written once the rows are on screen (dayShown), or before any other work here: writing 2,000 rows
            // is not what the advisor waits for.
            unsaved = new DayToSave(day, fetched, state.savedAt());
        }
        publish(state);
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

    /** "Neuer Termin": creates it on the server; the queue shows it at once (and every other app by its event). */
    public CompletableFuture<Appointment> create(AppointmentDraft draft) {
        return online(() -> connection.client().createAppointment(draft));
    }

    /** Reschedules or edits an appointment (the draft's non-null fields). */
    public CompletableFuture<Appointment> update(long appointmentId, AppointmentDraft changes) {
        return online(() -> connection.client().updateAppointment(appointmentId, changes));
    }

    /**
     * Imports a calendar ({@code .ics}) or CSV file, read here in the background; the created and changed
     * appointments arrive as events.
     */
    public CompletableFuture<ImportResult> importFile(Path file, Long advisorId, boolean partial) {
        return CompletableFuture.supplyAsync(() -> call(() -> {
            try {
                return connection.client().importAppointments(file, advisorId, partial);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }), io);
    }

    /** The team's advisors (team leads), for the advisor picker of "Neuer Termin". */
    public CompletableFuture<List<UserInfo>> teamAdvisors() {
        return CompletableFuture.supplyAsync(() -> call(() -> connection.client().teamAdvisors()), io);
    }

    private interface Call<T> {
        T run() throws ApiException;
    }

    private CompletableFuture<Appointment> online(Call<Appointment> request) {
        return CompletableFuture.supplyAsync(() -> {
            Appointment saved = call(request);
            if (source.includes(saved)) {
                applyChanges(List.of(saved));
            }
            return saved;
        }, io);
    }

    /** Runs a request while online; fails at once while offline, so nothing is silently dropped. */
    private <T> T call(Call<T> request) {
        try {
            if (!connection.state().online()) {
                throw new ApiException(ApiException.Kind.UNREACHABLE, 0, null, "offline", null);
            }
            return request.run();
        } catch (ApiException e) {
            connection.reportFailure(e);
            throw new CompletionException(e);
        }
    }

    private void onEvent(ServerEvent event) {
        if (event instanceof ServerEvent.AppointmentChanged changed && source.includes(changed.appointment())) {
            io.execute(() -> applyChange(changed.appointment()));
        } else if (event instanceof ServerEvent.AppointmentsChanged many) {
            List<Appointment> mine = many.appointments().stream().filter(source::includes).toList();
            if (!mine.isEmpty()) {
                io.execute(() -> applyChanges(mine));
            }
        }
    }

    private void applyChange(Appointment changed) {
        applyChanges(List.of(changed));
    }

    /** Caches changed appointments and updates the shown day: one that moved to another day leaves it. */
    private void applyChanges(List<Appointment> changed) {
        saveUnsaved();
        cache.saveAppointments(userId, changed);
        DayState shown = currentState();
        if (shown == null) {
            return;
        }
        Map<Long, Appointment> byId = new HashMap<>();
        shown.appointments().forEach(a -> byId.put(a.id(), a));
        boolean touched = false;
        for (Appointment a : changed) {
            boolean onShownDay = LocalDate.ofInstant(a.startsAt(), zone).equals(shown.day());
            if (onShownDay) {
                byId.put(a.id(), a);
                touched = true;
            } else if (byId.remove(a.id()) != null) {
                touched = true;
            }
        }
        if (touched) {
            publish(new DayState(shown.day(), sorted(new ArrayList<>(byId.values())), shown.fromCache(),
                    shown.savedAt()));
        }
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
