package de.videoberatung.queue;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.StatusChange;
import de.videoberatung.i18n.Messages;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The day queue's state for the view: the day shown, the search, the rows, whether they come from the
 * local cache, and the actions on a row. Lives on the FX thread; the service works in the background.
 */
public final class QueueModel {

    private final QueueService service;
    private final Messages messages;
    private final Clock clock;
    private final Consumer<String> notices;
    private final Executor fxThread;
    private final AppointmentText text;

    private final ObjectProperty<LocalDate> day = new SimpleObjectProperty<>();
    private final StringProperty search = new SimpleStringProperty("");
    private final ObservableList<Appointment> appointments = FXCollections.observableArrayList();
    private final FilteredList<Appointment> visible = new FilteredList<>(appointments);
    private final ObjectProperty<Appointment> selected = new SimpleObjectProperty<>();
    private final BooleanProperty loading = new SimpleBooleanProperty(true);
    private final BooleanProperty fromCache = new SimpleBooleanProperty();
    private final ObjectProperty<Instant> savedAt = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Instant> now;
    private Consumer<Appointment> callStarter = a -> { };
    private CustomerSimulation customerSimulation;
    private Consumer<Runnable> afterLayout = Runnable::run;

    /**
     * @param fxThread runs work on the FX thread ({@code Platform::runLater} in the app)
     * @param notices shows a short message to the advisor
     * @param now the current time, ticking every second
     */
    public QueueModel(QueueService service, Messages messages, Clock clock, AppointmentText text, Executor fxThread,
                      Consumer<String> notices, ObjectProperty<Instant> now) {
        this.service = service;
        this.messages = messages;
        this.clock = clock;
        this.text = text;
        this.notices = notices;
        this.fxThread = fxThread;
        this.now = now;
        service.setListener(state -> fxThread.execute(() -> apply(state)));
        service.setFailureListener(e -> fxThread.execute(() -> notices.accept(messages.describe(e))));
        search.addListener((obs, old, value) -> visible.setPredicate(matcher(value)));
        day.addListener((obs, old, value) -> {
            loading.set(true);
            service.show(value);
        });
    }

    /** Shows today. */
    public void start() {
        day.set(todaysDate());
    }

    /** Today in the zone of the server's day, not the machine's. */
    public LocalDate todaysDate() {
        return LocalDate.now(clock.withZone(service.zone()));
    }

    private void apply(QueueService.DayState state) {
        if (!state.day().equals(day.get())) {
            return;
        }
        Appointment wasSelected = selected.get();
        appointments.setAll(state.appointments());
        // The view may bind the selection to its table, which then keeps it itself.
        if (wasSelected != null && !selected.isBound()) {
            appointments.stream().filter(a -> a.id() == wasSelected.id()).findFirst().ifPresent(selected::set);
        }
        fromCache.set(state.fromCache());
        savedAt.set(state.savedAt());
        long waiting = appointments.stream().filter(a -> a.status() == AppointmentStatus.CUSTOMER_WAITING).count();
        summary.set(messages.get("queue.count", appointments.size(), waiting));
        loading.set(false);
        afterLayout.accept(service::dayShown);
    }

    /**
     * How the view runs work once the rows it shows are laid out (the fetched day's cache write: it should not
     * take a core from that layout); at once without a view.
     */
    public void setAfterLayout(Consumer<Runnable> afterLayout) {
        this.afterLayout = afterLayout;
    }

    private static Predicate<Appointment> matcher(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        String[] words = query.toLowerCase(Locale.GERMAN).trim().split("\\s+");
        return a -> {
            String haystack = (a.customerName() + " " + a.customerNumber() + " " + a.topic())
                    .toLowerCase(Locale.GERMAN);
            for (String word : words) {
                if (!haystack.contains(word)) {
                    return false;
                }
            }
            return true;
        };
    }

    public void previousDay() {
        day.set(day.get().minusDays(1));
    }

    public void nextDay() {
        day.set(day.get().plusDays(1));
    }

    public void today() {
        day.set(todaysDate());
    }

    /** The invitation link of a video appointment, or null. Shows a notice that it was copied. */
    public String joinLinkFor(Appointment a) {
        if (a == null || a.channel() != Channel.VIDEO || a.joinUrl() == null) {
            return null;
        }
        notices.accept(messages.get("queue.linkCopied", a.customerName()));
        return a.joinUrl();
    }

    /** Demo mode: the rows offer "Kundin/Kunden simulieren" (null: not offered). */
    public void setCustomerSimulation(CustomerSimulation simulation) {
        customerSimulation = simulation;
    }

    public boolean offersCustomerSimulation() {
        return customerSimulation != null;
    }

    public boolean canSimulateCustomer(Appointment a) {
        return customerSimulation != null && customerSimulation.canSimulate(a);
    }

    /** Opens the appointment's invitation link in this machine's browser (demo mode). */
    public void simulateCustomer(Appointment a) {
        if (canSimulateCustomer(a)) {
            customerSimulation.simulate(a);
        }
    }

    public boolean canCopyLink(Appointment a) {
        return a != null && a.channel() == Channel.VIDEO && a.joinUrl() != null && !a.status().isFinal();
    }

    /** A video customer in the waiting room can be called. */
    public boolean canStartCall(Appointment a) {
        return a != null && a.channel() == Channel.VIDEO && a.status() == AppointmentStatus.CUSTOMER_WAITING;
    }

    /** Who opens the call window ("Gespräch starten"); set by the main window. */
    public void setCallStarter(Consumer<Appointment> starter) {
        this.callStarter = starter;
    }

    /** "Gespräch starten" on a row (button, or Enter on the selected row). */
    public void startCall(Appointment a) {
        if (canStartCall(a)) {
            callStarter.accept(a);
        }
    }

    public boolean canMarkNoShow(Appointment a) {
        return a != null && a.status().canBecome(AppointmentStatus.NO_SHOW);
    }

    public boolean canCancel(Appointment a) {
        return a != null && a.status().canBecome(AppointmentStatus.CANCELLED);
    }

    /** A video appointment still to come can have its invitation sent again. */
    public boolean canResendInvitation(Appointment a) {
        return a != null && a.channel() == Channel.VIDEO && !a.status().isFinal();
    }

    public void resendInvitation(Appointment a) {
        service.resendInvitation(a.id()).whenComplete((updated, failure) -> fxThread.execute(() -> notices.accept(
                failure == null ? messages.get("queue.invitation.resent", a.customerName()) : offlineAware(failure))));
    }

    public void markNoShow(Appointment a, NoShowReason reason) {
        change(a, new StatusChange(AppointmentStatus.NO_SHOW, reason),
                messages.get("queue.noShow.done", a.customerName(), messages.label("noShowReason", reason)));
    }

    public void cancel(Appointment a) {
        cancel(a, null);
    }

    /** Cancels with the reason chosen (null: none given). */
    public void cancel(Appointment a, CancelReason reason) {
        change(a, StatusChange.cancel(reason), messages.get("queue.cancel.done", a.customerName()));
    }

    /** "Neuer Termin" on the day shown. */
    public AppointmentFormModel newAppointmentForm() {
        return new AppointmentFormModel(service, messages, fxThread, notices, null, false, day.get());
    }

    /** Only a scheduled appointment can be moved or edited (the server says the same). */
    public boolean canEdit(Appointment a) {
        return a != null && a.status() == AppointmentStatus.SCHEDULED;
    }

    /** "Verschieben/Bearbeiten" of {@code a}. */
    public AppointmentFormModel editForm(Appointment a) {
        return new AppointmentFormModel(service, messages, fxThread, notices, a, false, day.get());
    }

    /** "Importieren…". */
    public AppointmentImportModel importModel() {
        return new AppointmentImportModel(service::importFile, messages, fxThread);
    }

    private void change(Appointment a, StatusChange change, String doneMessage) {
        service.changeStatus(a.id(), change).whenComplete((updated, failure) -> fxThread.execute(
                () -> notices.accept(failure == null ? doneMessage : offlineAware(failure))));
    }

    private String offlineAware(Throwable failure) {
        return refusal(messages, failure);
    }

    /** Why an action on an appointment did not happen, in German: offline, or the server's reason. */
    public static String refusal(Messages messages, Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiException api
                && api.kind() == ApiException.Kind.UNREACHABLE) {
            return messages.get("queue.offlineAction");
        }
        return messages.describe(failure);
    }

    public AppointmentText text() {
        return text;
    }

    public ObjectProperty<LocalDate> dayProperty() {
        return day;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObservableList<Appointment> visibleAppointments() {
        return visible;
    }

    public ObservableList<Appointment> allAppointments() {
        return FXCollections.unmodifiableObservableList(appointments);
    }

    public ObjectProperty<Appointment> selectedProperty() {
        return selected;
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

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now;
    }
}
