package de.videoberatung.api;

import java.time.Instant;
import java.util.List;

/**
 * A note as the server holds it. Only ever sent to the advisor who owns it.
 *
 * @param revision server-assigned, increases with every change of this note
 * @param seq the server-wide change sequence number of the last change; pull cursors are made of these
 * @param content the main version; null for a deleted note (tombstone)
 * @param conflicts other devices' versions kept after concurrent edits; empty unless the note is in conflict
 */
public record NoteDto(
        String id,
        long appointmentId,
        String customerNumber,
        Instant appointmentStartsAt,
        String correctsNoteId,
        long revision,
        long seq,
        NoteContent content,
        boolean finalised,
        Instant finalisedAt,
        boolean deleted,
        List<NoteVersion> conflicts,
        Instant createdAt,
        Instant updatedAt) {

    public NoteDto {
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
    }

    public boolean inConflict() {
        return !conflicts.isEmpty();
    }

    /** A kept version of a note from one device. */
    public record NoteVersion(String deviceId, NoteContent content, Instant at) {
    }
}
