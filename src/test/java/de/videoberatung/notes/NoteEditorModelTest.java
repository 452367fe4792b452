package de.videoberatung.notes;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NotePushResult;
import de.videoberatung.i18n.Messages;
import de.videoberatung.store.LocalNote;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.LocalStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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

    @Test
    void aSyncThatLandsWhileTheEditorIsLoadingIsShownOnceLoaded() {
        try (LocalStore store = LocalStore.open(dir)) {
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            NoteEditorModel first = new NoteEditorModel(notes, IN_PLACE, IN_PLACE, Messages.german(), USER,
                    appointment());
            first.load();
            first.textProperty().set("Anliegen geklärt.");
            first.save();
            first.close();
            LocalNotes.Pending pushed = notes.pending(USER, 10, 1_000_000).get(0);

            Deque<Runnable> io = new ArrayDeque<>();
            Deque<Runnable> fx = new ArrayDeque<>();
            NoteEditorModel reopened = new NoteEditorModel(notes, io::add, fx::add, Messages.german(), USER,
                    appointment());
            reopened.load();
            io.remove().run(); // the load reads the note while it is still only local ...
            assertThat(reopened.stateProperty().get()).isNull();

            // ... and the server's answer to its push lands before the load's result reached the FX thread.
            Instant now = Instant.now();
            NoteDto server = new NoteDto(pushed.mutation().noteId(), appointment().id(), appointment().customerNumber(),
                    appointment().startsAt(), null, 1, 1, pushed.mutation().content(), false, null, false, List.of(),
                    now, now);
            notes.applyPushed(pushed, new NotePushResult.Outcome(pushed.mutation().mutationId(),
                    NotePushResult.Kind.APPLIED, server));
            while (!io.isEmpty() || !fx.isEmpty()) {
                (fx.isEmpty() ? io : fx).remove().run();
            }

            assertThat(reopened.stateProperty().get()).isEqualTo(LocalNote.SyncState.SYNCED);
            assertThat(reopened.statusTextProperty().get()).isEqualTo("synchronisiert");
            assertThat(reopened.textProperty().get()).isEqualTo("Anliegen geklärt.");
            reopened.close();
        }
    }

    static Appointment appointment() {
        Instant start = Instant.parse("2026-11-27T09:00:00Z");
        return new Appointment(42, USER, "Anna Becker", "Olga Wolff", "123A456789", null, "Folgegespräch",
                Channel.VIDEO, start, start.plusSeconds(1800), AppointmentStatus.IN_CALL, null, null, null, null,
                start, null, null, false, start);
    }
}
