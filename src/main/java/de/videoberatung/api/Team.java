package de.videoberatung.api;

/** A team of advisors with their team lead ({@code GET /api/v1/admin/teams}). */
public record Team(long id, String name) {
}
