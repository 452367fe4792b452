package de.videoberatung.server.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

/** The .ics of an invitation, parsed back with ical4j: times in Berlin with their VTIMEZONE, across DST. */
class CalendarEntryTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aSummerAppointmentKeepsItsBerlinWallTime() throws Exception {
        // 29 March 2026 is the switch to summer time: 10:00 in Berlin is 08:00 UTC.
        CustomerAppointment a = new CustomerAppointment(7, "Anna Becker", Channel.VIDEO, AppointmentStatus.SCHEDULED,
                Instant.parse("2026-03-30T08:00:00Z"), Instant.parse("2026-03-30T08:30:00Z"), "k@mail.example",
                null, null, "tok");
        String ics = new CalendarEntry(BERLIN, "vb@jobcenter.example", "jobcenter.example").ics(
                MessageKind.INVITATION, 0, a, "Videoberatung", "Link: https://x.example/j/tok",
                "https://x.example/j/tok", Instant.parse("2026-03-01T12:00:00Z"));

        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        VEvent event = calendar.<VEvent>getComponents(VEvent.VEVENT).get(0);
        assertThat(event.getProperty(Property.DTSTART).orElseThrow().getValue()).isEqualTo("20260330T100000");
        assertThat(Instant.from(event.getStartDate().orElseThrow().getDate())).isEqualTo(a.startsAt());
        assertThat(calendar.getComponents("VTIMEZONE")).hasSize(1);
        assertThat(calendar.getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo("REQUEST");
        assertThat(event.getProperty(Property.UID).orElseThrow().getValue()).isEqualTo("videoberatung-7@jobcenter.example");
        assertThat(event.getProperty(Property.SEQUENCE).orElseThrow().getValue()).isEqualTo("0");
        assertThat(event.getProperty(Property.ATTENDEE).orElseThrow().getValue()).isEqualTo("mailto:k@mail.example");
    }
}
