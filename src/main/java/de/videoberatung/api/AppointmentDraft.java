package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Body of {@code POST /api/v1/appointments} (all required fields set) and {@code PATCH /api/v1/appointments/{id}}
 * (only the fields to change; null leaves a field as it is). The rules are {@link AppointmentRules}.
 *
 * @param advisorId whose appointment; null: the caller's own (team leads, admins and services name the advisor)
 * @param externalId the creator's own key: a second create with the same key updates that appointment
 * @param allowOverlap create or move it even if the advisor already has an appointment then (else 409 OVERLAP)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppointmentDraft(
        Long advisorId,
        String customerName,
        String customerNumber,
        String customerEmail,
        String customerPhone,
        String customerLanguage,
        String topic,
        Channel channel,
        Instant startsAt,
        Instant endsAt,
        String externalId,
        Boolean allowOverlap) {

    /** The fields of {@code a}, for an edit form or a full comparison. */
    public static AppointmentDraft of(Appointment a) {
        return new AppointmentDraft(a.advisorId(), a.customerName(), a.customerNumber(), a.customerEmail(),
                a.customerPhone(), a.customerLanguage(), a.topic(), a.channel(), a.startsAt(), a.endsAt(),
                a.externalId(), null);
    }

    /** This draft's fields, with the fields it leaves null taken from {@code base}. */
    public AppointmentDraft over(AppointmentDraft base) {
        return new AppointmentDraft(pick(advisorId, base.advisorId), pick(customerName, base.customerName),
                pick(customerNumber, base.customerNumber), pick(customerEmail, base.customerEmail),
                pick(customerPhone, base.customerPhone), pick(customerLanguage, base.customerLanguage),
                pick(topic, base.topic), pick(channel, base.channel), pick(startsAt, base.startsAt),
                pick(endsAt, base.endsAt), pick(externalId, base.externalId), allowOverlap);
    }

    public AppointmentDraft withAllowOverlap(boolean allow) {
        return new AppointmentDraft(advisorId, customerName, customerNumber, customerEmail, customerPhone,
                customerLanguage, topic, channel, startsAt, endsAt, externalId, allow);
    }

    public AppointmentDraft withExternalId(String id) {
        return new AppointmentDraft(advisorId, customerName, customerNumber, customerEmail, customerPhone,
                customerLanguage, topic, channel, startsAt, endsAt, id, allowOverlap);
    }

    public AppointmentDraft withAdvisor(Long advisor) {
        return new AppointmentDraft(advisor, customerName, customerNumber, customerEmail, customerPhone,
                customerLanguage, topic, channel, startsAt, endsAt, externalId, allowOverlap);
    }

    public boolean overlapAllowed() {
        return Boolean.TRUE.equals(allowOverlap);
    }

    private static <T> T pick(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
