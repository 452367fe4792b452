package de.videoberatung.store;

import de.videoberatung.api.NoteContent;
import de.videoberatung.db.StorageException;
import de.videoberatung.i18n.Messages;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * The app's side of {@link SecretServiceKeyIT}, run in its own JVM inside the test's D-Bus session (a JVM cannot
 * change its own environment, and {@code secret-tool} finds the session through it). Arguments: {@code write DIR
 * TEXT_FILE} opens the store, saves a note with the UTF-8 text of TEXT_FILE and closes it; {@code read DIR} opens
 * it again and prints the note.
 * Prints {@code SOURCE <where the key is>} and {@code NOTE <text>}, or {@code REFUSED <message>} and {@code SAID <what
 * the app tells the user>}.
 */
public final class StoreKeyProbe {

    static final long USER = 7;
    static final long APPOINTMENT = 42;

    private StoreKeyProbe() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        try (LocalStore store = LocalStore.open(Path.of(args[1]))) {
            out.println("SOURCE " + store.keySource());
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            if (args[0].equals("write")) {
                notes.save(new NoteTarget(UUID.randomUUID().toString(), USER, APPOINTMENT, "123A456789",
                        Instant.now(), null), new NoteContent(Files.readString(Path.of(args[2])), "", "", "", null));
            }
            notes.forAppointment(USER, APPOINTMENT).forEach(n -> out.println("NOTE " + n.content().text()));
        } catch (StorageException e) {
            out.println("REFUSED " + e.getMessage());
            // What the app's start screen says ("app.startFailed" with this).
            out.println("SAID " + Messages.german(ZoneId.of("Europe/Berlin"))
                    .describe(e));
        }
    }
}
