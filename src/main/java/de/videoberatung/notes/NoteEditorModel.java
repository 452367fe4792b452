package de.videoberatung.notes;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.NoteContent;
import de.videoberatung.i18n.Messages;
import de.videoberatung.store.LocalNote;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.NoteTarget;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.LoggerFactory;

/**
 * The note editor's presentation model: the fields the advisor types into, the note's sync state and
 * the customer's earlier notes. It writes to the local store on a background executor whenever the view
 * says the typing settled ({@link #save()}); the store, not the network, is its source.
 */
public final class NoteEditorModel {

    private final LocalNotes notes;
    private final Executor io;
    private final Executor fx;
    private final Messages messages;
    private final long userId;
    private final Appointment appointment;

    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty concern = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final StringProperty agreements = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> followUp = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalNote.SyncState> state = new SimpleObjectProperty<>();
    /** The sync changed a note while this editor was loading (FX thread only). */
    private boolean changedWhileLoading;
    private final StringProperty statusText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty loaded = new SimpleBooleanProperty();
    private final BooleanProperty readOnly = new SimpleBooleanProperty();
    private final ObjectProperty<NoteContent> otherVersion = new SimpleObjectProperty<>();
    private final ObservableList<LocalNote> earlierNotes = FXCollections.observableArrayList();

    private NoteTarget target;
    private NoteContent lastSaved = NoteContent.EMPTY;
    private Runnable unsubscribe = () -> { };

    public NoteEditorModel(LocalNotes notes, Executor io, Executor fx, Messages messages, long userId,
                           Appointment appointment) {
        this.notes = notes;
        this.io = io;
        this.fx = fx;
        this.messages = messages;
        this.userId = userId;
        this.appointment = appointment;
    }

    /** Loads the appointment's newest note (or prepares a new one) and the customer's earlier notes. */
    public void load() {
        unsubscribe = notes.onChange(this::changed);
        background(() -> {
            List<LocalNote> existing = notes.forAppointment(userId, appointment.id());
            List<LocalNote> earlier = notes.earlierOfCustomer(userId, appointment.customerNumber(), appointment.id());
            return new Object[] {existing.isEmpty() ? null : existing.get(0), earlier};
        }, loadedData -> {
            LocalNote note = (LocalNote) loadedData[0];
            @SuppressWarnings("unchecked")
            List<LocalNote> earlier = (List<LocalNote>) loadedData[1];
            earlierNotes.setAll(earlier);
            target = note == null ? newTarget(null) : targetOf(note);
            show(note, true);
            loaded.set(true);
            if (changedWhileLoading) {
                changedWhileLoading = false;
                reread(target);
            }
        });
    }

    /** The id of the note being edited, or null before loading. */
    public String noteId() {
        return target == null ? null : target.noteId();
    }

    /** Writes the fields to the local store if they changed since the last save. */
    public void save() {
        if (target == null || readOnly.get()) {
            return;
        }
        NoteContent content = content();
        if (content.equals(lastSaved)) {
            return;
        }
        String oversized = content.oversizedField();
        if (oversized != null) {
            error.set(messages.get("notes.error.tooLong"));
        }
        lastSaved = content;
        NoteTarget where = target;
        background(() -> notes.save(where, content), this::showState);
    }

    /** Finalises the note after saving it; afterwards it is read-only. */
    public void finalise() {
        save();
        NoteTarget where = target;
        background(() -> notes.finalise(where.noteId()), this::showState);
    }

    /** Starts a correction of the finalised note: a new note, linked to it, prefilled with its content. */
    public void startCorrection() {
        if (target == null || !readOnly.get()) {
            return;
        }
        target = newTarget(target.noteId());
        readOnly.set(false);
        lastSaved = NoteContent.EMPTY;
        state.set(null);
        statusText.set(messages.get("notes.state.correction"));
        save();
    }

    /** Keeps this device's version in a conflict. */
    public void keepMine() {
        resolve(content());
    }

    /** Takes the other device's version. */
    public void takeOther() {
        if (otherVersion.get() != null) {
            resolve(otherVersion.get());
        }
    }

    /** Merges both versions: each field holds this device's text and, below it, the other's where they differ. */
    public void merge() {
        NoteContent mine = content();
        NoteContent other = otherVersion.get();
        if (other == null) {
            return;
        }
        resolve(new NoteContent(join(mine.text(), other.text()), join(mine.concern(), other.concern()),
                join(mine.outcome(), other.outcome()), join(mine.agreements(), other.agreements()),
                mine.followUp() != null ? mine.followUp() : other.followUp()));
    }

    /** Saves and stops listening to the store; call when the editor goes away. */
    public void close() {
        save();
        unsubscribe.run();
    }

    private void resolve(NoteContent content) {
        setFields(content);
        lastSaved = content;
        NoteTarget where = target;
        background(() -> notes.resolve(where.noteId(), content), this::showState);
    }

    private static String join(String mine, String other) {
        if (mine.equals(other) || other.isBlank()) {
            return mine;
        }
        return mine.isBlank() ? other : mine + "\n\n" + other;
    }

    /** From the store's thread: looked at on the FX thread, where {@link #target} lives. */
    private void changed(LocalNotes.Change change) {
        if (change.local()) {
            return;
        }
        fx.execute(() -> {
            NoteTarget where = target;
            if (where == null) {
                // Still loading: what the load read may be older than this change, so read again once loaded.
                changedWhileLoading = true;
            } else if (change.noteId().equals(where.noteId())) {
                reread(where);
            }
        });
    }

    /** The sync changed this note: show its state, and its text if the advisor has nothing unsaved. */
    private void reread(NoteTarget where) {
        background(() -> {
            LocalNote note = notes.byId(where.noteId()).orElse(null);
            // Finalised on another device while edited here: the sync kept this device's edit as a correction.
            LocalNote correction = note == null || !note.finalised() ? null
                    : notes.forAppointment(userId, appointment.id()).stream()
                            .filter(n -> where.noteId().equals(n.correctsNoteId()) && !n.finalised())
                            .findFirst().orElse(null);
            return new LocalNote[] {note, correction};
        }, found -> {
            if (where != target) {
                return;
            }
            if (found[1] != null) {
                continueInCorrection(found[1]);
            } else if (found[0] != null) {
                show(found[0], content().equals(lastSaved) && !found[0].hasUnsyncedChanges());
            }
        });
    }

    /** Goes on editing in the correction, with whatever the advisor typed and had not saved yet. */
    private void continueInCorrection(LocalNote correction) {
        boolean unsaved = !content().equals(lastSaved);
        target = targetOf(correction);
        show(correction, !unsaved);
        if (unsaved) {
            lastSaved = correction.content();
            save();
        }
        statusText.set(messages.get("notes.state.movedToCorrection"));
    }

    private void show(LocalNote note, boolean takeFields) {
        if (note == null) {
            setFields(NoteContent.EMPTY);
            lastSaved = NoteContent.EMPTY;
            state.set(null);
            statusText.set(messages.get("notes.state.new"));
            return;
        }
        if (takeFields) {
            setFields(note.content());
            lastSaved = note.content();
        }
        showState(note);
    }

    private void showState(LocalNote note) {
        error.set(note.rejectedCode() == null ? "" : messages.bundle().containsKey("notes.rejected." + note.rejectedCode())
                ? messages.get("notes.rejected." + note.rejectedCode()) : messages.get("notes.rejected.INVALID_BODY"));
        readOnly.set(note.finalised() || note.deleted());
        state.set(note.state());
        otherVersion.set(note.otherVersions().isEmpty() ? null : note.otherVersions().get(0));
        statusText.set(note.finalised() ? messages.get("notes.state.FINALISED")
                : messages.label("notes.state", note.state()));
    }

    private NoteContent content() {
        return new NoteContent(text.get(), concern.get(), outcome.get(), agreements.get(), followUp.get());
    }

    private void setFields(NoteContent c) {
        text.set(c.text());
        concern.set(c.concern());
        outcome.set(c.outcome());
        agreements.set(c.agreements());
        followUp.set(c.followUp());
    }

    private NoteTarget newTarget(String corrects) {
        return new NoteTarget(UUID.randomUUID().toString(), userId, appointment.id(), appointment.customerNumber(),
                appointment.startsAt(), corrects);
    }

    private static NoteTarget targetOf(LocalNote n) {
        return new NoteTarget(n.id(), n.userId(), n.appointmentId(), n.customerNumber(), n.appointmentStartsAt(),
                n.correctsNoteId());
    }

    private <T> void background(Callable<T> work, Consumer<T> then) {
        io.execute(() -> {
            try {
                T result = work.call();
                fx.execute(() -> then.accept(result));
            } catch (Exception e) {
                LoggerFactory.getLogger(NoteEditorModel.class).error("note storage failed", e);
                fx.execute(() -> error.set(messages.describe(e)));
            }
        });
    }

    public Appointment appointment() {
        return appointment;
    }

    public StringProperty textProperty() {
        return text;
    }

    public StringProperty concernProperty() {
        return concern;
    }

    public StringProperty outcomeProperty() {
        return outcome;
    }

    public StringProperty agreementsProperty() {
        return agreements;
    }

    public ObjectProperty<LocalDate> followUpProperty() {
        return followUp;
    }

    public ObjectProperty<LocalNote.SyncState> stateProperty() {
        return state;
    }

    public StringProperty statusTextProperty() {
        return statusText;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty loadedProperty() {
        return loaded;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    public ObjectProperty<NoteContent> otherVersionProperty() {
        return otherVersion;
    }

    public ObservableList<LocalNote> earlierNotes() {
        return earlierNotes;
    }
}
