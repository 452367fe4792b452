package de.videoberatung.notes;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import de.videoberatung.store.LocalNote;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.LocalStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The editor's model on a real SQLite store, with work run in place of the background and FX threads. */
class NoteEditorModelTest {

    static final Executor IN_PLACE = Runnable::run;
    static final long USER = 7;

    @TempDir
    Path dir;

    @Test
    void whenTheSyncTurnsTheEditIntoACorrectionTheEditorGoesOnThereWithTheUnsavedText() {
        try (LocalStore store = LocalStore.open(dir)) {
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            NoteEditorModel model = new NoteEditorModel(notes, IN_PLACE, IN_PLACE, Messages.german(), USER,
                    appointment());
            model.load();
            model.textProperty().set("Erster Satz. ");
            model.save();
            String original = model.noteId();
            model.textProperty().set("Erster Satz. Noch nicht gespeichert.");

            // What the sync does when the server answers NOTE_FINALISED to this device's edit.
            notes.turnIntoCorrection(notes.pending(USER, 10, 1_000_000).get(0));

            assertThat(model.noteId()).isNotEqualTo(original);
            LocalNote correction = notes.byId(model.noteId()).orElseThrow();
            assertThat(correction.correctsNoteId()).isEqualTo(original);
            assertThat(model.readOnlyProperty().get()).isFalse();
            assertThat(model.textProperty().get()).isEqualTo("Erster Satz. Noch nicht gespeichert.");
            assertThat(correction.content().text()).isEqualTo("Erster Satz. Noch nicht gespeichert.");
            assertThat(model.statusTextProperty().get()).contains("Korrektur");
            model.close();
        }
    }

    static Appointment appointment() {
        Instant start = Instant.parse("2026-11-27T09:00:00Z");
        return new Appointment(42, USER, "Anna Becker", "Olga Wolf", "123A456789", null, "Folgegespräch",
                Channel.VIDEO, start, start.plusSeconds(1800), AppointmentStatus.IN_CALL, null, null, null, null,
                start, null, null, false, start);
    }
}
