package de.videoberatung.api;

import java.util.List;

/**
 * Body of {@code POST /api/v1/notes/push}.
 *
 * @param deviceId identifies the client installation; edits by the same device never conflict with each other
 */
public record NotePush(String deviceId, List<NoteMutation> mutations) {

    /** Most mutations the server accepts in one push. */
    public static final int MAX_MUTATIONS = 100;
}
