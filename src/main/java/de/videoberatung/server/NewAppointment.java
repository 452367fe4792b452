package de.videoberatung.server;

import de.videoberatung.api.Channel;
import java.time.Instant;

/**
 * An appointment to be stored (by demo seeding, "Neuer Termin", the scheduling system or an import), or the new
 * fields of an edited one.
 *
 * @param createdBy who created it (null: demo data); external ids are unique per creator
 */
record NewAppointment(long advisorId, long teamId, String customerName, String customerNumber,
                      String customerPhone, String topic, Channel channel, Instant startsAt, Instant endsAt,
                      String customerEmail, String customerLanguage, String externalId, Long createdBy) {

    NewAppointment(long advisorId, long teamId, String customerName, String customerNumber, String customerPhone,
                   String topic, Channel channel, Instant startsAt, Instant endsAt) {
        this(advisorId, teamId, customerName, customerNumber, customerPhone, topic, channel, startsAt, endsAt,
                null, null, null, null);
    }
}
