package de.videoberatung.api;

/** Body of {@code PATCH /api/v1/admin/users/{id}}: what changes; null fields stay as they are. */
public record UserChange(Role role, Long teamId, String displayName) {
}
