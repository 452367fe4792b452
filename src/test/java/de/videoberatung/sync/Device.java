package de.videoberatung.sync;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.NoteContent;
import de.videoberatung.store.LocalNote;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.LocalStore;
import de.videoberatung.store.NoteTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** One advisor's installation in a test: its own SQLite file, device id, API client and sync engine. */
final class Device implements AutoCloseable {

    /** Fast retries, so tests recover quickly. */
    static final NoteSync.Settings FAST = new NoteSync.Settings(50, 400_000, 100, Duration.ofMillis(50),
            Duration.ofMillis(400));

    final LocalStore store;
    final LocalNotes notes;
    final ApiClient api;
    final long userId;
    final NoteSync sync;

    Device(Path dataDir, URI server, Clock clock) throws ApiException {
        this.store = LocalStore.open(dataDir);
        this.notes = new LocalNotes(store, clock);
        this.api = new ApiClient(server);
        this.userId = api.login("demo.berater", "demo").user().id();
        this.sync = new NoteSync(api, notes, userId, FAST, e -> { }).start();
    }

    NoteTarget newNote(long appointmentId) {
        return new NoteTarget(UUID.randomUUID().toString(), userId, appointmentId, "K-TEST", null, null);
    }

    NoteTarget existing(String noteId) {
        LocalNote n = notes.byId(noteId).orElseThrow();
        return new NoteTarget(n.id(), n.userId(), n.appointmentId(), n.customerNumber(), n.appointmentStartsAt(),
                n.correctsNoteId());
    }

    /** Types {@code text} after what the note holds, saving after every word as the editor's debounce would. */
    void type(NoteTarget target, String text) {
        StringBuilder current = new StringBuilder(notes.byId(target.noteId()).map(n -> n.content().text()).orElse(""));
        for (String word : text.split("(?<= )")) {
            current.append(word);
            notes.save(target, new NoteContent(current.toString(), "", "", "", null));
        }
    }

    LocalNote note(String id) {
        return notes.byId(id).orElseThrow();
    }

    @Override
    public void close() {
        sync.close();
        store.close();
    }
}
