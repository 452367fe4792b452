package de.videoberatung.queue;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.api.FieldError;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * "Neuer Termin" and "Verschieben/Bearbeiten": the form's fields, the German errors per field from the server's
 * 400, and the overlap question ("Trotzdem anlegen?") after a 409. Lives on the FX thread; the server is asked on
 * the queue's background thread. A team lead picks the advisor of a new appointment. A team lead's
 * "Verschieben" keeps the advisor and knows only what the team view shows: the customer's contact, language and
 * topic are neither shown nor sent, so they stay as they are.
 */
public final class AppointmentFormModel {

    /** The fields a team lead's edit neither shows nor sends (the team view does not have them). */
    public static final List<String> PRIVATE_FIELDS = List.of("customerEmail", "customerPhone", "customerLanguage",
            "topic");
    /** Lengths offered, in minutes. */
    public static final List<Integer> LENGTHS = List.of(15, 20, 30, 45, 60, 90, 120);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm");

    private final QueueService service;
    private final Messages messages;
    private final ZoneId zone;
    private final Executor fxThread;
    private final Consumer<String> notices;
    private final Appointment editing;
    private final boolean choosesAdvisor;

    private final ObservableList<UserInfo> advisors = FXCollections.observableArrayList();
    private final ObjectProperty<UserInfo> advisor = new SimpleObjectProperty<>();
    private final StringProperty customerName = new SimpleStringProperty("");
    private final StringProperty customerNumber = new SimpleStringProperty("");
    private final StringProperty customerEmail = new SimpleStringProperty("");
    private final StringProperty customerPhone = new SimpleStringProperty("");
    private final ObjectProperty<String> language = new SimpleObjectProperty<>("de");
    private final StringProperty topic = new SimpleStringProperty("");
    private final ObjectProperty<Channel> channel = new SimpleObjectProperty<>(Channel.VIDEO);
    private final ObjectProperty<LocalDate> date = new SimpleObjectProperty<>();
    private final StringProperty start = new SimpleStringProperty("");
    private final ObjectProperty<Integer> lengthMinutes = new SimpleObjectProperty<>(30);
    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper overlapQuestion = new ReadOnlyStringWrapper();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty saved = new SimpleBooleanProperty();

    /**
     * @param editing the appointment to reschedule or edit; null for a new one
     * @param choosesAdvisor a team lead's form: the advisor is picked from the team
     * @param day the day a new appointment starts on (the day shown)
     */
    public AppointmentFormModel(QueueService service, Messages messages, Executor fxThread, Consumer<String> notices,
                                Appointment editing, boolean choosesAdvisor, LocalDate day) {
        this.service = service;
        this.messages = messages;
        this.zone = service.zone();
        this.fxThread = fxThread;
        this.notices = notices;
        this.editing = editing;
        this.choosesAdvisor = choosesAdvisor;
        date.set(day);
        if (editing != null) {
            ZonedDateTime at = editing.startsAt().atZone(zone);
            customerName.set(editing.customerName());
            customerNumber.set(editing.customerNumber());
            customerEmail.set(nonNull(editing.customerEmail()));
            customerPhone.set(nonNull(editing.customerPhone()));
            language.set(editing.customerLanguage() == null ? "de" : editing.customerLanguage());
            topic.set(nonNull(editing.topic()));
            channel.set(editing.channel());
            date.set(at.toLocalDate());
            start.set(TIME.format(at));
            lengthMinutes.set((int) editing.plannedDuration().toMinutes());
        }
        if (choosesAdvisor) {
            service.teamAdvisors().whenComplete((list, failure) -> fxThread.execute(() -> {
                if (failure != null) {
                    problem.set(messages.describe(failure));
                } else {
                    advisors.setAll(list);
                    long current = editing == null ? -1 : editing.advisorId();
                    advisor.set(list.stream().filter(u -> u.id() == current).findFirst()
                            .orElse(editing == null && !list.isEmpty() ? list.get(0) : null));
                }
            }));
        }
    }

    public boolean isEdit() {
        return editing != null;
    }

    public boolean choosesAdvisor() {
        return choosesAdvisor;
    }

    /** The advisor of an existing appointment stays: only a new one's advisor is picked. */
    public boolean advisorFixed() {
        return editing != null;
    }

    /** False for a team lead's edit: {@link #PRIVATE_FIELDS} are not shown and stay as they are. */
    public boolean showsPrivateFields() {
        return editing == null || !choosesAdvisor;
    }

    /** Saves: creates or changes the appointment. The result shows as errors, an overlap question or saved. */
    public CompletableFuture<Appointment> submit() {
        return send(false);
    }

    /** "Trotzdem anlegen": the same again, with the overlap allowed. */
    public CompletableFuture<Appointment> confirmOverlap() {
        overlapQuestion.set(null);
        return send(true);
    }

    /** "Nein": the overlap question is answered no; the form stays open for another time. */
    public void declineOverlap() {
        overlapQuestion.set(null);
    }

    private CompletableFuture<Appointment> send(boolean allowOverlap) {
        errors.clear();
        problem.set(null);
        Instant startsAt = startInstant();
        if (startsAt == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (choosesAdvisor && editing == null && advisor.get() == null) {
            errors.put("advisorId", messages.get("appointment.error.REQUIRED"));
            return CompletableFuture.completedFuture(null);
        }
        Instant endsAt = startsAt.plus(Duration.ofMinutes(lengthMinutes.get() == null ? 0 : lengthMinutes.get()));
        // Null leaves a field as it is: what a team lead's edit does not show is not sent.
        boolean all = showsPrivateFields();
        String chosenLanguage = "de".equals(language.get()) ? text(null) : language.get();
        AppointmentDraft draft = new AppointmentDraft(choosesAdvisor && editing == null ? advisor.get().id() : null,
                customerName.get(), customerNumber.get(), all ? text(customerEmail.get()) : null,
                all ? text(customerPhone.get()) : null, all ? chosenLanguage : null, all ? topic.get() : null,
                channel.get(), startsAt, endsAt, null, allowOverlap ? Boolean.TRUE : null);
        busy.set(true);
        CompletableFuture<Appointment> request = editing == null ? service.create(draft)
                : service.update(editing.id(), draft);
        return request.whenComplete((a, failure) -> fxThread.execute(() -> {
            busy.set(false);
            if (failure == null) {
                saved.set(true);
                notices.accept(messages.get(editing == null ? "appointment.created" : "appointment.changed",
                        a.customerName(), Date.from(a.startsAt())));
            } else {
                refused(failure);
            }
        }));
    }

    private void refused(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ApiException api && "INVALID_FIELDS".equals(api.code())) {
            for (FieldError e : api.fieldErrors()) {
                if (showsPrivateFields() || !PRIVATE_FIELDS.contains(e.field())) {
                    errors.merge(formField(e.field()), codeText(messages, e.code()), (a, b) -> a + " " + b);
                } else {
                    // A field the form does not show (e.g. video without a contact): said above the buttons.
                    problem.set(problem.get() == null ? codeText(messages, e.code())
                            : problem.get() + " " + codeText(messages, e.code()));
                }
            }
        } else if (cause instanceof ApiException api && "OVERLAP".equals(api.code()) && api.conflict() != null) {
            overlapQuestion.set(messages.get("appointment.overlap.question",
                    Date.from(api.conflict().startsAt()), Date.from(api.conflict().endsAt())));
        } else if (cause instanceof ApiException api && api.kind() == ApiException.Kind.UNREACHABLE) {
            problem.set(messages.get("queue.offlineAction"));
        } else {
            problem.set(messages.describe(failure));
        }
    }

    /** The form shows the server's {@code endsAt} errors (length, end before start) at the length field. */
    private static String formField(String field) {
        return "endsAt".equals(field) ? "length" : field;
    }

    /** The German text of a rule's code; a code this version does not know yet gets the general one. */
    static String codeText(Messages messages, String code) {
        String key = "appointment.error." + code;
        return messages.bundle().containsKey(key) ? messages.get(key) : messages.get("error.INVALID_REQUEST");
    }

    private Instant startInstant() {
        if (date.get() == null) {
            errors.put("date", messages.get("appointment.error.REQUIRED"));
            return null;
        }
        try {
            LocalTime time = LocalTime.parse(start.get() == null ? "" : start.get().strip(), TIME);
            return date.get().atTime(time).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.put("startsAt", messages.get("appointment.error.INVALID_TIME"));
            return null;
        }
    }

    /** An empty field: on a new appointment nothing, on an edit "remove it" (the server clears it). */
    private String text(String value) {
        String v = value == null ? "" : value.strip();
        return v.isEmpty() ? (editing == null ? null : "") : v;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    public ObservableList<UserInfo> advisors() {
        return advisors;
    }

    public ObjectProperty<UserInfo> advisorProperty() {
        return advisor;
    }

    public StringProperty customerNameProperty() {
        return customerName;
    }

    public StringProperty customerNumberProperty() {
        return customerNumber;
    }

    public StringProperty customerEmailProperty() {
        return customerEmail;
    }

    public StringProperty customerPhoneProperty() {
        return customerPhone;
    }

    public ObjectProperty<String> languageProperty() {
        return language;
    }

    public StringProperty topicProperty() {
        return topic;
    }

    public ObjectProperty<Channel> channelProperty() {
        return channel;
    }

    public ObjectProperty<LocalDate> dateProperty() {
        return date;
    }

    public StringProperty startProperty() {
        return start;
    }

    public ObjectProperty<Integer> lengthMinutesProperty() {
        return lengthMinutes;
    }

    /** German error text per field ({@code customerNumber}, ..., {@code startsAt}, {@code length}). */
    public ObservableMap<String, String> errors() {
        return errors;
    }

    /** A problem that is not one field's (offline, not allowed), or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Non-null while the view should ask whether to book despite the overlap. */
    public ReadOnlyStringProperty overlapQuestionProperty() {
        return overlapQuestion.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** True once the server saved it: the form closes. */
    public ReadOnlyBooleanProperty savedProperty() {
        return saved;
    }
}
