package de.videoberatung.api;

import java.util.List;

/** Answer to a push: one result per mutation, in the order sent. */
public record NotePushResult(List<Outcome> results) {

    /** What became of one mutation. */
    public enum Kind {
        /** The mutation's state is the note's main version now. */
        APPLIED,
        /** The note had been changed by another device: the mutation's state is kept beside it, flagged. */
        CONFLICT
    }

    /** The result of one mutation, with the note as the server now holds it. */
    public record Outcome(String mutationId, Kind kind, NoteDto note) {
    }
}
