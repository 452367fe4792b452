package de.videoberatung.api;

import java.time.Instant;

/**
 * What the customer's browser learns about its appointment through the join link: nothing but what
 * the waiting room needs to show.
 */
public record JoinState(AppointmentStatus status, String advisorName, Instant startsAt, Instant endsAt) {
}
