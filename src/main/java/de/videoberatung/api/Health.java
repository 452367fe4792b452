package de.videoberatung.api;

/** Body of {@code GET /api/v1/health}. */
public record Health(String status, String version) {
}
