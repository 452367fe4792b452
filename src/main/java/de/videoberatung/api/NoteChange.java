package de.videoberatung.api;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a note's audit trail: who changed what and when ({@code GET /api/v1/notes/{id}/history}).
 *
 * @param action CREATED, UPDATED, FINALISED, DELETED, CONFLICT or RESOLVED
 * @param fields the names of the fields this change altered
 */
public record NoteChange(long revision, String action, long accountId, String accountName, String deviceId,
                         List<String> fields, Instant at) {
}
