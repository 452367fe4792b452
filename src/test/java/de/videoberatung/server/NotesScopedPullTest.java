package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePush;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PC pulls only the notes the shown days need ({@code from}): notes of appointments from that day on and the
 * earlier notes of the customers on them, not every note from the beginning.
 */
class NotesScopedPullTest {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));

    @TempDir
    Path data;

    @Test
    void pullFromADayLeavesOutOldNotesOfOtherCustomers() throws Exception {
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data).demo(true)
                .demoTime(LocalTime.of(7, 0)).build()).start()) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("demo.berater", "demo");
            List<Appointment> day = advisor.appointments(TODAY);
            Appointment shown = day.get(0);
            Appointment oldOther = day.get(1);
            Appointment oldSameCustomer = day.get(2);
            String today = note(advisor, shown);
            String forgotten = note(advisor, oldOther);
            String earlierOfShownCustomer = note(advisor, oldSameCustomer);
            // Two of them become appointments of a month ago; one was with today's customer.
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("server.db"));
                 PreparedStatement ps = c.prepareStatement("UPDATE appointment SET starts_at = starts_at - ?, "
                         + "ends_at = ends_at - ?, customer_number = CASE WHEN id = ? THEN ? ELSE customer_number END "
                         + "WHERE id IN (?, ?)")) {
                long month = Duration.ofDays(30).toMillis();
                ps.setLong(1, month);
                ps.setLong(2, month);
                ps.setLong(3, oldSameCustomer.id());
                ps.setString(4, shown.customerNumber());
                ps.setLong(5, oldOther.id());
                ps.setLong(6, oldSameCustomer.id());
                ps.executeUpdate();
            }

            assertThat(advisor.pullNotes(0, 1000, TODAY.minusDays(14)).notes()).extracting(NoteDto::id)
                    .contains(today, earlierOfShownCustomer).doesNotContain(forgotten);
            assertThat(advisor.pullNotes(0, 1000).notes()).extracting(NoteDto::id)
                    .contains(today, earlierOfShownCustomer, forgotten);
            assertThatThrownBy(() -> new ApiClient(server.baseUri()).pullNotes(0, 10, null))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    private static String note(ApiClient advisor, Appointment a) throws ApiException {
        String id = UUID.randomUUID().toString();
        advisor.pushNotes(new NotePush("device-test", List.of(new NoteMutation(UUID.randomUUID().toString(), id,
                a.id(), null, 0, new NoteContent("Notiz " + a.id(), "", "", "", null), false, false, false,
                Instant.now()))));
        return id;
    }
}
