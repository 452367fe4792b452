package de.videoberatung.sync;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.NoteContent;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.LocalStore;
import de.videoberatung.store.NoteTarget;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The client side of the kill test, run in its own JVM: types a note character by character into the
 * real store with a real sync engine, and reports each committed save on stdout until it is killed.
 * Arguments: dataDir noteId appointmentId serverUrl textFile userId. The text comes in a UTF-8 file, not as an
 * argument: the JVM encodes arguments in the locale's charset, which under a POSIX locale turns umlauts into '?'.
 */
public final class NoteWriterProcess {

    private NoteWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        LocalStore store = LocalStore.open(Path.of(args[0]));
        LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
        long userId = Long.parseLong(args[5]);
        NoteSync sync = new NoteSync(new ApiClient(URI.create(args[3])), notes, userId, Device.FAST, e -> { }).start();
        NoteTarget target = new NoteTarget(args[1], userId, Long.parseLong(args[2]), "K-TEST", null, null);
        String text = Files.readString(Path.of(args[4]));
        for (int i = 1; i <= text.length(); i++) {
            notes.save(target, new NoteContent(text.substring(0, i), "", "", "", null));
            out.println("SAVED " + i);
        }
        // Wait to be killed, as a running app would.
        System.in.read();
        sync.close();
        store.close();
    }
}
