package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.api.InvitationState;
import de.videoberatung.server.invitations.InvitationOptions;
import de.videoberatung.testsupport.ManualClock;
import de.videoberatung.testsupport.Poll;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invitations' outbox follows the contact data (docs/privacy.md): its rows say when which customer was written
 * to by which medium, so after {@code retention.days} past the appointment's end they go (outbox and plan), while
 * those of an appointment still inside its period stay. A real SMTP server (GreenMail) takes the invitations.
 */
class InvitationRetentionTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;
    GreenMail smtp;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void theOutboxOfAPastAppointmentGoesAfterTheRetentionPeriodAndALaterOnesStays() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ManualClock clock = new ManualClock(Instant.now());
        InvitationOptions mail = InvitationOptions.off().withMail("127.0.0.1", smtp.getSmtp().getPort(), false, null,
                null, "videoberatung@jobcenter.example").withReminders(List.of());
        ServerOptions options = ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0)).clock(clock)
                .invitations(mail).retention(Duration.ofDays(90), null).build();
        try (ConsultationServer server = ConsultationServer.create(options).start()) {
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login(DemoData.ADVISOR, DemoData.PASSWORD);
            ZonedDateTime tomorrow = LocalDate.now(clock.withZone(BERLIN)).plusDays(1).atTime(10, 0).atZone(BERLIN);
            Appointment soon = advisor.createAppointment(draft(tomorrow, "kundin.bald@mail.example"));
            Appointment later = advisor.createAppointment(draft(tomorrow.plusDays(60), "kunde.spaeter@mail.example"));
            Poll.until("both invitations sent", WAIT, () -> smtp.getReceivedMessages().length >= 2);
            Poll.until("both marked sent", WAIT, () -> rows("invitation_outbox", soon) == 1
                    && rows("invitation_outbox", later) == 1 && sent(soon) && sent(later));
            assertThat(rows("invitation_plan", soon)).isOne();

            // A day before the period after the first appointment is over, its outbox is still there.
            clock.advance(Duration.between(clock.instant(), soon.endsAt()).plusDays(89));
            Map<String, Integer> before = server.retention().run();
            assertThat(before.get("invitations")).isZero();
            assertThat(rows("invitation_outbox", soon)).isOne();
            assertThat(rows("invitation_plan", soon)).isOne();

            clock.advance(Duration.ofDays(2));
            Map<String, Integer> after = server.retention().run();
            assertThat(after.get("invitations")).isOne();
            assertThat(after.get("invitationPlans")).isOne();
            assertThat(rows("invitation_outbox", soon)).isZero();
            assertThat(rows("invitation_plan", soon)).isZero();
            // Ended only 31 days ago: inside its period, its outbox and plan stay.
            assertThat(rows("invitation_outbox", later)).isOne();
            assertThat(rows("invitation_plan", later)).isOne();
            // The appointment itself stays; with its outbox gone it shows no invitation any more.
            advisor.login(DemoData.ADVISOR, DemoData.PASSWORD); // the session of 91 days ago has expired
            assertThat(advisor.appointments(LocalDate.ofInstant(soon.startsAt(), BERLIN)))
                    .filteredOn(a -> a.id() == soon.id()).singleElement()
                    .satisfies(a -> assertThat(a.invitation().state()).isEqualTo(InvitationState.NONE));
        }
    }

    private static AppointmentDraft draft(ZonedDateTime start, String email) {
        return new AppointmentDraft(null, "Kundin Aufbewahrung", "123A456789", email, null, "de", "Beratung",
                Channel.VIDEO, start.toInstant(), start.plusMinutes(30).toInstant(), null, true);
    }

    private boolean sent(Appointment a) {
        return query("SELECT COUNT(*) FROM invitation_outbox WHERE state = 'SENT' AND appointment_id = ?", a.id())
                == 1;
    }

    private int rows(String table, Appointment a) {
        return query("SELECT COUNT(*) FROM " + table + " WHERE appointment_id = ?", a.id());
    }

    /** Reads the server's file on a second connection, as an administrator's SQL shell would. */
    private int query(String sql, long id) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("server.db"));
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
