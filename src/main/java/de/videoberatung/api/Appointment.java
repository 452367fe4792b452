package de.videoberatung.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One appointment as the API delivers it.
 *
 * @param customerPhone the customer's phone number, for phone appointments and the fall-back from video
 * @param joinUrl the customer's invitation link; only for video appointments, only to their advisor
 * @param waitingSince when the customer entered the waiting room, while {@code CUSTOMER_WAITING}
 * @param customerCheck the customer's own device check, as their browser reported it, or null
 * @param durationSeconds measured consultation length once completed, otherwise null
 * @param hasNote whether a case note exists (the text itself never travels with an appointment)
 */
public record Appointment(
        long id,
        long advisorId,
        String advisorName,
        String customerName,
        String customerNumber,
        String customerPhone,
        String topic,
        Channel channel,
        Instant startsAt,
        Instant endsAt,
        AppointmentStatus status,
        NoShowReason noShowReason,
        String joinUrl,
        Instant waitingSince,
        CustomerCheck customerCheck,
        Instant callStartedAt,
        Instant callEndedAt,
        Long durationSeconds,
        boolean hasNote,
        Instant updatedAt) {

    /** Planned length of the appointment. */
    public Duration plannedDuration() {
        return Duration.between(startsAt, endsAt);
    }
}
