package de.videoberatung.teamlead;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.queue.QueueService;
import java.time.LocalDate;
import java.util.List;

/**
 * The team's day as the server gives it to a team lead. The server sends a team lead the changes of their
 * own team only (already stripped to what a team lead may see), so every pushed change belongs here.
 */
public final class TeamSource implements QueueService.Source {

    @Override
    public List<Appointment> fetch(ApiClient client, LocalDate day) throws ApiException {
        return client.teamAppointments(day);
    }

    @Override
    public boolean includes(Appointment changed) {
        return true;
    }
}
