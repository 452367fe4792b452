package de.videoberatung.server;

import de.videoberatung.api.Channel;
import java.time.Instant;

/** An appointment to be created (by demo seeding, an import, or an administration tool). */
record NewAppointment(long advisorId, long teamId, String customerName, String customerNumber,
                      String customerPhone, String topic, Channel channel, Instant startsAt, Instant endsAt) {
}
