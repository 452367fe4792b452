package de.videoberatung.callwindow;

import de.videoberatung.api.Appointment;
import de.videoberatung.i18n.Messages;
import de.videoberatung.notes.NoteEditorModel;
import de.videoberatung.notes.NoteEditorView;
import de.videoberatung.store.LocalNotes;
import java.time.LocalDate;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

/** The appointment's case note, edited beside the picture; the outcome step completes it. */
public final class NoteCallNotes implements CallNotes {

    private final NoteEditorModel model;
    private final NoteEditorView view;

    public NoteCallNotes(LocalNotes notes, Executor io, Messages messages, long userId, Appointment appointment) {
        model = new NoteEditorModel(notes, io, Platform::runLater, messages, userId, appointment);
        view = new NoteEditorView(model, messages);
        view.setId("callNotes");
        model.load();
    }

    @Override
    public Node editor() {
        return view;
    }

    /** Outcome and next steps are added to what the note holds already; a follow-up date replaces it. */
    @Override
    public void complete(CallWindowModel outcome) {
        append(model.outcomeProperty(), outcome.outcomeProperty().get());
        append(model.agreementsProperty(), outcome.nextStepsProperty().get());
        LocalDate followUp = outcome.followUpProperty().get();
        if (followUp != null) {
            model.followUpProperty().set(followUp);
        }
        model.save();
    }

    private static void append(StringProperty field, String added) {
        if (added == null || added.isBlank()) {
            return;
        }
        String before = field.get();
        field.set(before == null || before.isBlank() ? added.strip() : before.strip() + "\n" + added.strip());
    }

    @Override
    public void close() {
        model.close();
    }

    public NoteEditorModel model() {
        return model;
    }
}
