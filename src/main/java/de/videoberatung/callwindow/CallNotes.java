package de.videoberatung.callwindow;

import de.videoberatung.i18n.Messages;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The case note beside the picture: the editor node, and where the outcome step is written. */
public interface CallNotes {

    /** The editor, shown in the window's side column. */
    Node editor();

    /** Writes the outcome step (outcome, next steps, follow-up date) into the appointment's note. */
    void complete(CallWindowModel outcome);

    /** The window closes: save what was typed. */
    void close();

    /** A marked place for the note editor where none is available (the notes feature is not wired in). */
    static CallNotes placeholder(Messages messages) {
        Label text = new Label(messages.get("callwindow.notes.unavailable"));
        text.setWrapText(true);
        VBox box = new VBox(text);
        box.setId("notesPlace");
        box.getStyleClass().add("notes-place");
        return new CallNotes() {
            @Override
            public Node editor() {
                return box;
            }

            @Override
            public void complete(CallWindowModel outcome) {
                // Nothing to write into without the notes feature.
            }

            @Override
            public void close() {
            }
        };
    }
}
