package de.videoberatung.api;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What an advisor writes in a case note. The same record travels in pushes and pulls and is kept in
 * both databases; null fields are normalised to empty text.
 *
 * @param text free text ("Gesprächsnotiz")
 * @param concern the customer's concern ("Anliegen")
 * @param outcome the outcome ("Ergebnis")
 * @param agreements agreed next steps ("Vereinbarungen")
 * @param followUp optional follow-up date ("Wiedervorlage")
 */
public record NoteContent(String text, String concern, String outcome, String agreements, LocalDate followUp) {

    /** Longest free text the server accepts, in characters. */
    public static final int MAX_TEXT = 50_000;
    /** Longest concern, outcome or agreements, in characters. */
    public static final int MAX_FIELD = 4_000;

    public static final NoteContent EMPTY = new NoteContent("", "", "", "", null);

    public NoteContent {
        text = Objects.requireNonNullElse(text, "");
        concern = Objects.requireNonNullElse(concern, "");
        outcome = Objects.requireNonNullElse(outcome, "");
        agreements = Objects.requireNonNullElse(agreements, "");
    }

    /** The name of the first field over its limit, or null if every field fits. */
    public String oversizedField() {
        if (text.length() > MAX_TEXT) {
            return "text";
        }
        if (concern.length() > MAX_FIELD) {
            return "concern";
        }
        if (outcome.length() > MAX_FIELD) {
            return "outcome";
        }
        return agreements.length() > MAX_FIELD ? "agreements" : null;
    }

    /** Rough size in bytes when sent as JSON, for sizing push batches. */
    public long approximateBytes() {
        return 3L * (text.length() + concern.length() + outcome.length() + agreements.length()) + 200;
    }
}
