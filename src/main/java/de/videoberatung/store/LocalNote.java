package de.videoberatung.store;

import de.videoberatung.api.NoteContent;
import java.time.Instant;
import java.util.List;

/**
 * A case note as this machine holds it.
 *
 * @param revision the server revision the local state was edited from (0: never on the server)
 * @param localVersion counts local changes; {@code syncedVersion} is the last one the server confirmed
 * @param otherVersions while in conflict, the versions the server keeps besides (or instead of) this one
 * @param rejectedCode the server's error code if it refused the last change for good, else null
 */
public record LocalNote(
        String id,
        long userId,
        long appointmentId,
        String customerNumber,
        Instant appointmentStartsAt,
        String correctsNoteId,
        NoteContent content,
        boolean finalised,
        Instant finalisedAt,
        boolean deleted,
        long revision,
        long localVersion,
        long syncedVersion,
        List<NoteContent> otherVersions,
        String rejectedCode,
        Instant createdAt,
        Instant updatedAt) {

    /** What the editor shows about a note. */
    public enum SyncState {
        /** Saved on this machine, not yet confirmed by the server. */
        LOCAL,
        /** The server holds exactly this state. */
        SYNCED,
        /** Another device changed the note too; the advisor has to choose or merge. */
        CONFLICT,
        /** The server refused the change; the text stays here. */
        REJECTED
    }

    public LocalNote {
        otherVersions = otherVersions == null ? List.of() : List.copyOf(otherVersions);
    }

    public SyncState state() {
        if (rejectedCode != null) {
            return SyncState.REJECTED;
        }
        if (!otherVersions.isEmpty()) {
            return SyncState.CONFLICT;
        }
        return localVersion > syncedVersion ? SyncState.LOCAL : SyncState.SYNCED;
    }

    public boolean hasUnsyncedChanges() {
        return localVersion > syncedVersion;
    }
}
