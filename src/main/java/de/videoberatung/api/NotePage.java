package de.videoberatung.api;

import java.util.List;

/**
 * Answer to {@code GET /api/v1/notes/pull?since=CURSOR&limit=N}: the caller's notes changed after the
 * cursor, oldest change first.
 *
 * @param cursor pass this as {@code since} next time
 * @param more whether further changes wait beyond this page
 */
public record NotePage(List<NoteDto> notes, long cursor, boolean more) {

    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_LIMIT = 1000;
}
