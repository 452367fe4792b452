package de.videoberatung.api;

import java.util.List;

/**
 * Answer of {@code POST /api/v1/appointments/import}: how many appointments the file created and changed, and each
 * entry it refused with where it is in the file (a CSV line, an iCalendar UID) and why.
 *
 * @param applied whether the file was applied; false when rejected rows stopped it (all or nothing)
 */
public record ImportResult(int created, int updated, List<Rejected> rejected, boolean applied) {

    public ImportResult {
        rejected = List.copyOf(rejected);
    }

    /**
     * One refused entry. {@code message} is English for the log and other clients; the app shows the German text
     * of {@code code} ({@link AppointmentRules} codes and the import's own, docs/appointments.md).
     */
    public record Rejected(String where, String message, String code) {
    }
}
