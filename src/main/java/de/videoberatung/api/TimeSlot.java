package de.videoberatung.api;

import java.time.Instant;

/** A span of time, e.g. the clashing appointment of a 409 {@code OVERLAP}. */
public record TimeSlot(Instant startsAt, Instant endsAt) {
}
