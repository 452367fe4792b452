package de.videoberatung.api;

/**
 * Body of {@code POST /api/v1/appointments/{id}/status}; a reason is required for NO_SHOW, and a cancellation may
 * say why ({@code cancelReason}).
 */
public record StatusChange(AppointmentStatus status, NoShowReason reason, CancelReason cancelReason) {

    public StatusChange(AppointmentStatus status, NoShowReason reason) {
        this(status, reason, null);
    }

    public static StatusChange to(AppointmentStatus status) {
        return new StatusChange(status, null, null);
    }

    public static StatusChange cancel(CancelReason reason) {
        return new StatusChange(AppointmentStatus.CANCELLED, null, reason);
    }
}
