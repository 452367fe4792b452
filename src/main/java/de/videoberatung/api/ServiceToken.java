package de.videoberatung.api;

import java.time.Instant;

/**
 * A service account's API token as the admin sees it ({@code GET /api/v1/admin/service-tokens}); the token
 * itself is shown once, when it is made ({@link NewServiceToken}).
 *
 * @param revokedAt null while the token works
 */
public record ServiceToken(long id, String name, Instant createdAt, Instant revokedAt) {
}
