package de.videoberatung.store;

import java.time.Instant;

/** Where a new note belongs: its id (made on this machine), its owner, appointment and customer. */
public record NoteTarget(String noteId, long userId, long appointmentId, String customerNumber,
                         Instant appointmentStartsAt, String correctsNoteId) {
}
