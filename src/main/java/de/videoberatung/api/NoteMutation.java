package de.videoberatung.api;

import java.time.Instant;

/**
 * One change of a note as a client pushes it: the note's whole new state, not a diff, so a retried or
 * collapsed mutation can never duplicate text.
 *
 * @param mutationId client-generated id; the server applies each id at most once
 * @param noteId client-generated note id (a UUID), so notes can be created offline
 * @param appointmentId the appointment the note belongs to
 * @param correctsNoteId for a correction of a finalised note, the note it corrects; otherwise null
 * @param baseRevision the server revision this state was edited from; 0 for a new note
 * @param content the full content
 * @param finalised whether the note is to be finalised (read-only from then on)
 * @param deleted whether the note is deleted (kept as a tombstone)
 * @param resolvesConflict the advisor resolved a conflict; this state replaces every kept version
 * @param clientTime the client's clock when the change was made; informative only, never used for ordering
 */
public record NoteMutation(
        String mutationId,
        String noteId,
        long appointmentId,
        String correctsNoteId,
        long baseRevision,
        NoteContent content,
        boolean finalised,
        boolean deleted,
        boolean resolvesConflict,
        Instant clientTime) {
}
