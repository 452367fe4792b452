package de.videoberatung.api;

/** A body with a name only: {@code POST /api/v1/admin/teams}, {@code POST /api/v1/admin/service-tokens}. */
public record NameRequest(String name) {
}
