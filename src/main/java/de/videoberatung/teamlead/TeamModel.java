package de.videoberatung.teamlead;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.Channel;
import de.videoberatung.api.StatusChange;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.queue.AppointmentFormModel;
import de.videoberatung.queue.AppointmentImportModel;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.queue.QueueService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.Collator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team lead's day for the view: the date, the filters, the rows (all, filtered, sorted as shown), the
 * figures of the shown rows, and the export. Lives on the FX thread; the service loads in the background.
 */
public final class TeamModel {

    private static final Logger LOG = LoggerFactory.getLogger(TeamModel.class);
    /** Above this many changed rows one replacement of the list is cheaper than single updates. */
    private static final int MAX_SINGLE_UPDATES = 32;

    private final QueueService service;
    private final Messages messages;
    private final AppointmentText text;
    private final Clock clock;
    private final ZoneId zone;
    private final Executor io;
    private final Executor fxThread;
    private final Consumer<String> notices;
    private final ObjectProperty<Instant> now;

    private final ObjectProperty<LocalDate> day = new SimpleObjectProperty<>();
    private final ObjectProperty<String> advisorFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<AppointmentStatus> statusFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<Channel> channelFilter = new SimpleObjectProperty<>();
    private final StringProperty search = new SimpleStringProperty("");
    private final ObservableList<TeamRow> rows = FXCollections.observableArrayList();
    private final FilteredList<TeamRow> filtered = new FilteredList<>(rows);
    private final SortedList<TeamRow> sorted = new SortedList<>(filtered);
    private final ObservableList<String> advisors = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TeamSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper waitingText = new ReadOnlyStringWrapper("");
    private final BooleanProperty loading = new SimpleBooleanProperty(true);
    private final BooleanProperty fromCache = new SimpleBooleanProperty();
    private final ObjectProperty<Instant> savedAt = new SimpleObjectProperty<>();

    /**
     * @param service the team's day (a {@link QueueService} with the team source)
     * @param io where the export writes its file
     * @param fxThread runs work on the FX thread ({@code Platform::runLater} in the app)
     * @param now the current time, ticking every second
     */
    public TeamModel(QueueService service, Messages messages, AppointmentText text, Clock clock, ZoneId zone,
                     Executor io, Executor fxThread, Consumer<String> notices, ObjectProperty<Instant> now) {
        this.service = service;
        this.messages = messages;
        this.text = text;
        this.clock = clock;
        this.zone = zone;
        this.io = io;
        this.fxThread = fxThread;
        this.notices = notices;
        this.now = now;
        service.setListener(state -> {
            // Rows are prepared here, on the background thread; the FX thread only swaps them in.
            List<TeamRow> prepared = state.appointments().stream().map(TeamRow::of).toList();
            fxThread.execute(() -> apply(state, prepared));
        });
        service.setFailureListener(e -> fxThread.execute(() -> notices.accept(messages.describe(e))));
        for (Observable filter : List.of(advisorFilter, statusFilter, channelFilter, search)) {
            filter.addListener(o -> filtered.setPredicate(predicate()));
        }
        filtered.addListener((ListChangeListener<TeamRow>) c -> updateSummary());
        now.addListener(o -> updateWaitingText());
        day.addListener((obs, old, value) -> {
            loading.set(true);
            service.show(value);
        });
        updateSummary();
    }

    /** "Neuer Termin" for an advisor of the team (picked in the form), on the day shown. */
    public AppointmentFormModel newAppointmentForm() {
        return new AppointmentFormModel(service, messages, fxThread, notices, null, true, day.get());
    }

    /** Only a scheduled appointment can be moved (the server says the same). */
    public boolean canEdit(Appointment a) {
        return a != null && a.status() == AppointmentStatus.SCHEDULED;
    }

    /**
     * "Verschieben…" of an advisor's appointment: time, length, channel, name and number; the advisor stays, and
     * what the team view does not show (contact, language, topic) stays as it is.
     */
    public AppointmentFormModel editForm(Appointment a) {
        return new AppointmentFormModel(service, messages, fxThread, notices, a, true, day.get());
    }

    public boolean canCancel(Appointment a) {
        return a != null && a.status().canBecome(AppointmentStatus.CANCELLED);
    }

    /** "Absagen…" for the advisor; the row and the advisor's queue show it through the server's events. */
    public CompletableFuture<Appointment> cancel(Appointment a, CancelReason reason) {
        return service.changeStatus(a.id(), StatusChange.cancel(reason)).whenComplete((updated, failure) ->
                fxThread.execute(() -> notices.accept(failure == null
                        ? messages.get("teamlead.cancel.done", a.customerName(), a.advisorName())
                        : QueueModel.refusal(messages, failure))));
    }

    /** "Importieren…" of a calendar or CSV file for an advisor of the team (picked in the dialog). */
    public AppointmentImportModel importModel() {
        return new AppointmentImportModel(service::importFile, messages, fxThread, service.teamAdvisors(), null);
    }

    /** Shows today. */
    public void start() {
        today();
    }

    public void previousDay() {
        day.set(day.get().minusDays(1));
    }

    public void nextDay() {
        day.set(day.get().plusDays(1));
    }

    public void today() {
        day.set(LocalDate.now(clock.withZone(zone)));
    }

    /** Clears every filter. */
    public void showAll() {
        advisorFilter.set(null);
        statusFilter.set(null);
        channelFilter.set(null);
        search.set("");
    }

    private void apply(QueueService.DayState state, List<TeamRow> prepared) {
        if (!state.day().equals(day.get())) {
            return;
        }
        replaceRows(prepared);
        List<String> names = prepared.stream().map(r -> r.appointment().advisorName()).distinct()
                .sorted(Collator.getInstance(Locale.GERMAN)).toList();
        if (!names.equals(advisors)) {
            advisors.setAll(names);
        }
        fromCache.set(state.fromCache());
        savedAt.set(state.savedAt());
        loading.set(false);
        // The fetched day goes to the local cache once it is on screen (QueueService.dayShown).
        fxThread.execute(service::dayShown);
    }

    /**
     * A pushed change alters one row: update only the rows that differ, so sorting, filtering and the table
     * keep their place instead of starting over with 2,000 rows.
     */
    private void replaceRows(List<TeamRow> next) {
        if (next.size() == rows.size()) {
            int changed = 0;
            boolean sameIds = true;
            for (int i = 0; i < next.size() && sameIds; i++) {
                sameIds = next.get(i).appointment().id() == rows.get(i).appointment().id();
                if (!next.get(i).equals(rows.get(i))) {
                    changed++;
                }
            }
            if (sameIds && changed <= MAX_SINGLE_UPDATES) {
                for (int i = 0; i < next.size(); i++) {
                    if (!next.get(i).equals(rows.get(i))) {
                        rows.set(i, next.get(i));
                    }
                }
                return;
            }
        }
        rows.setAll(next);
    }

    private Predicate<TeamRow> predicate() {
        String advisor = advisorFilter.get();
        AppointmentStatus status = statusFilter.get();
        Channel channel = channelFilter.get();
        String query = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.GERMAN);
        if (advisor == null && status == null && channel == null && query.isEmpty()) {
            return null;
        }
        String[] words = query.isEmpty() ? new String[0] : query.split("\\s+");
        return row -> {
            Appointment a = row.appointment();
            return (advisor == null || advisor.equals(a.advisorName()))
                    && (status == null || status == a.status())
                    && (channel == null || channel == a.channel())
                    && row.matches(words);
        };
    }

    private void updateSummary() {
        summary.set(TeamSummary.of(filtered.stream().map(TeamRow::appointment).toList(), zone));
        updateWaitingText();
    }

    private void updateWaitingText() {
        TeamSummary s = summary.get();
        Duration longest = s == null ? null : s.longestWait(now.get());
        waitingText.set(longest == null ? messages.get("teamlead.summary.nobodyWaiting")
                : messages.get("teamlead.summary.waiting", s.waitingNow(), AppointmentText.elapsed(longest)));
    }

    /** The no-show rate as "12 %", or a dash while nothing is decided. */
    public String noShowRateText(TeamSummary s) {
        return TeamFormat.rate(s.noShowRate());
    }

    /** "23:10", or a dash. */
    public String durationText(Duration d) {
        return TeamFormat.duration(d);
    }

    /** The rows as shown (filtered and in the table's order) at this moment, for export and print. */
    public List<Appointment> shownAppointments() {
        return sorted.stream().map(TeamRow::appointment).toList();
    }

    /**
     * Writes the shown rows to {@code file} as CSV in the background. Completes with the number of rows;
     * tells the team lead how it went.
     */
    public CompletableFuture<Integer> exportCsv(Path file) {
        List<Appointment> snapshot = shownAppointments();
        TeamCsv csv = new TeamCsv(messages, zone);
        CompletableFuture<Integer> result = CompletableFuture.supplyAsync(() -> {
            try {
                csv.write(snapshot, file);
                return snapshot.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, io);
        result.whenComplete((count, failure) -> fxThread.execute(() -> {
            if (failure == null) {
                notices.accept(messages.get("teamlead.export.done", count, file.getFileName().toString()));
            } else {
                LOG.warn("CSV export failed: {}", failure.toString());
                notices.accept(messages.get("teamlead.export.failed"));
            }
        }));
        return result;
    }

    /** Shows a short message to the team lead. */
    public void notice(String key, Object... args) {
        notices.accept(messages.get(key, args));
    }

    /** A file name for the export of the shown day, e.g. {@code Teamliste-2024-05-06.csv}. */
    public String exportFileName() {
        return messages.get("teamlead.export.fileName", day.get().toString());
    }

    public ObjectProperty<LocalDate> dayProperty() {
        return day;
    }

    public ObjectProperty<String> advisorFilterProperty() {
        return advisorFilter;
    }

    public ObjectProperty<AppointmentStatus> statusFilterProperty() {
        return statusFilter;
    }

    public ObjectProperty<Channel> channelFilterProperty() {
        return channelFilter;
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** Every row of the day, unfiltered. */
    public ObservableList<TeamRow> allRows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The filtered rows, sorted by the table's comparator (bind it with {@code comparatorProperty()}). */
    public SortedList<TeamRow> shownRows() {
        return sorted;
    }

    /** The advisors of the day, for the filter. */
    public ObservableList<String> advisors() {
        return FXCollections.unmodifiableObservableList(advisors);
    }

    /** The figures of the shown rows. */
    public ReadOnlyObjectProperty<TeamSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "2 warten, am längsten seit 3:12", ticking. */
    public ReadOnlyStringProperty waitingTextProperty() {
        return waitingText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyBooleanProperty fromCacheProperty() {
        return fromCache;
    }

    public ReadOnlyObjectProperty<Instant> savedAtProperty() {
        return savedAt;
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now;
    }

    /** Status labels and live details ("wartet seit 1:20"), as in the advisor's queue. */
    public AppointmentText text() {
        return text;
    }

    public Messages messages() {
        return messages;
    }

    public ZoneId zone() {
        return zone;
    }
}
