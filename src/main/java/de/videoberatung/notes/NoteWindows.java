package de.videoberatung.notes;

import de.videoberatung.api.Appointment;
import de.videoberatung.i18n.Messages;
import de.videoberatung.store.LocalNotes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Opens the note of an appointment in its own window, one window per appointment. Closing a window saves
 * what was typed at once; {@link #closeAll()} does the same for every open window when the app exits.
 */
public final class NoteWindows {

    private final LocalNotes notes;
    private final Executor io;
    private final Messages messages;
    private final long userId;
    private final Map<Long, Stage> open = new HashMap<>();

    public NoteWindows(LocalNotes notes, Executor io, Messages messages, long userId) {
        this.notes = notes;
        this.io = io;
        this.messages = messages;
        this.userId = userId;
    }

    /** Shows the appointment's note window (bringing it to the front if it is open already). */
    public Stage open(Appointment appointment, Window owner) {
        Stage existing = open.get(appointment.id());
        if (existing != null) {
            existing.toFront();
            return existing;
        }
        NoteEditorModel model = new NoteEditorModel(notes, io, Platform::runLater, messages, userId, appointment);
        NoteEditorView view = new NoteEditorView(model, messages);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(messages.get("notes.window.title", appointment.customerName(), appointment.customerNumber()));
        Scene scene = new Scene(view, 960, 640);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        // Window close always saves, whatever the debounce was waiting for.
        stage.setOnHidden(e -> {
            model.close();
            open.remove(appointment.id());
        });
        open.put(appointment.id(), stage);
        model.load();
        stage.show();
        return stage;
    }

    /** Saves and closes every open note window. */
    public void closeAll() {
        new ArrayList<>(open.values()).forEach(Stage::close);
    }
}
