package de.videoberatung.api;

/** Body of {@code POST /api/v1/appointments/{id}/status}; a reason is required for NO_SHOW. */
public record StatusChange(AppointmentStatus status, NoShowReason reason) {

    public static StatusChange to(AppointmentStatus status) {
        return new StatusChange(status, null);
    }
}
