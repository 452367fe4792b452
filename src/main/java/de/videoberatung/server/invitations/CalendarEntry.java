package de.videoberatung.server.invitations;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * The {@code .ics} attached to an invitation, update or cancellation: one VEVENT whose UID stays the same for the
 * appointment (calendars replace the entry on an update and remove it on a cancellation), SEQUENCE counting the
 * changes, times in the server's zone with its VTIMEZONE (ical4j's bundled zone data, no network).
 */
final class CalendarEntry {

    private final ZoneId zone;
    private final String organizer;
    private final String uidDomain;
    private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();

    CalendarEntry(ZoneId zone, String organizer, String uidDomain) {
        this.zone = zone;
        this.organizer = organizer;
        this.uidDomain = uidDomain;
    }

    /** The stable UID of the appointment's calendar entry. */
    String uid(long appointmentId) {
        return "videoberatung-" + appointmentId + "@" + uidDomain;
    }

    String ics(MessageKind kind, int sequence, CustomerAppointment a, String summary, String description,
               String link, Instant now) {
        boolean cancel = kind == MessageKind.CANCELLATION;
        VEvent event = new VEvent(a.startsAt().atZone(zone), a.endsAt().atZone(zone), summary);
        event.replace(new DtStamp(now));
        event.add(new Uid(uid(a.id())));
        event.add(new Sequence(sequence));
        event.add(new Organizer(URI.create("mailto:" + organizer)));
        Attendee attendee = new Attendee(URI.create("mailto:" + a.email().trim()));
        attendee.add(Role.REQ_PARTICIPANT);
        attendee.add(PartStat.NEEDS_ACTION);
        attendee.add(new Rsvp(false));
        event.add(attendee);
        event.add(new Description(description));
        if (link != null) {
            event.add(new Url(URI.create(link)));
        }
        event.add(cancel ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);

        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Jobcenter//Videoberatung//DE"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(cancel ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST);
        calendar.add(zones.getTimeZone(zone.getId()).getVTimeZone());
        calendar.add(event);
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
