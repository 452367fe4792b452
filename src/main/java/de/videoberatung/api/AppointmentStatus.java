package de.videoberatung.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * The appointment state machine. The server owns transitions; clients use {@link #canBecome} only
 * to decide which actions to offer.
 */
public enum AppointmentStatus {
    SCHEDULED,
    CUSTOMER_WAITING,
    IN_CALL,
    COMPLETED,
    NO_SHOW,
    CANCELLED;

    /** Whether the state machine allows moving from this status to {@code next}. */
    public boolean canBecome(AppointmentStatus next) {
        return successors().contains(next);
    }

    /** The statuses reachable in one step. */
    public Set<AppointmentStatus> successors() {
        return switch (this) {
            case SCHEDULED -> EnumSet.of(CUSTOMER_WAITING, IN_CALL, NO_SHOW, CANCELLED);
            // A customer whose browser drops out of the waiting room goes back to SCHEDULED.
            case CUSTOMER_WAITING -> EnumSet.of(SCHEDULED, IN_CALL, NO_SHOW, CANCELLED);
            // A call that could not be held (both sides lost) returns to waiting, or ends.
            case IN_CALL -> EnumSet.of(COMPLETED, CUSTOMER_WAITING);
            case COMPLETED, NO_SHOW, CANCELLED -> EnumSet.noneOf(AppointmentStatus.class);
        };
    }

    /** No further change is possible. */
    public boolean isFinal() {
        return successors().isEmpty();
    }
}
