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
 * @param customerEmail where the invitation goes, or null
 * @param customerLanguage ISO 639-1 code of the customer's preferred language, or null (German)
 * @param externalId the creator's own key (iCalendar UID, CSV id, the scheduling system's id), or null
 * @param cancelReason why a cancelled appointment was cancelled, if given
 * @param invitation where the customer's invitation stands (filled by the server), or null if not known
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
        Instant updatedAt,
        String customerEmail,
        String customerLanguage,
        String externalId,
        CancelReason cancelReason,
        InvitationStatus invitation) {

    /** An appointment without the fields of appointment management (contact, language, origin). */
    public Appointment(long id, long advisorId, String advisorName, String customerName, String customerNumber,
                       String customerPhone, String topic, Channel channel, Instant startsAt, Instant endsAt,
                       AppointmentStatus status, NoShowReason noShowReason, String joinUrl, Instant waitingSince,
                       CustomerCheck customerCheck, Instant callStartedAt, Instant callEndedAt, Long durationSeconds,
                       boolean hasNote, Instant updatedAt) {
        this(id, advisorId, advisorName, customerName, customerNumber, customerPhone, topic, channel, startsAt,
                endsAt, status, noShowReason, joinUrl, waitingSince, customerCheck, callStartedAt, callEndedAt,
                durationSeconds, hasNote, updatedAt, null, null, null, null, null);
    }

    /** Planned length of the appointment. */
    public Duration plannedDuration() {
        return Duration.between(startsAt, endsAt);
    }
}
