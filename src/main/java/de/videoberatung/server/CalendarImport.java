package de.videoberatung.server;

import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.AppointmentRules;
import de.videoberatung.api.Channel;
import de.videoberatung.api.ImportResult;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.RRule;

/**
 * An iCalendar file, e.g. an Outlook calendar export, read with ical4j (time zones from its VTIMEZONEs or the
 * TZ database; floating times in the server's zone). What each entry becomes (docs/appointments.md):
 * <ul>
 *   <li>an entry with a start and end time: one appointment, known again by its UID;</li>
 *   <li>a recurring entry (RRULE/RDATE, EXDATE): one appointment per occurrence from today to
 *       {@link #HORIZON} ahead, each known by UID and its original start; a changed occurrence (RECURRENCE-ID)
 *       replaces it;</li>
 *   <li>an all-day entry: rejected ({@code ALL_DAY}: an appointment needs a time);</li>
 *   <li>{@code STATUS:CANCELLED}: cancels what an earlier import made of it, otherwise nothing.</li>
 * </ul>
 * The customer comes from the entry's description ({@code Kundennummer: 123A456789}, {@code Kunde: ...},
 * {@code E-Mail:}, {@code Mobil:}, {@code Sprache:}, {@code Kanal:} lines), else from its first attendee (name and
 * address) and a customer number anywhere in summary or description; the topic is the summary.
 */
final class CalendarImport {

    /** How far ahead a series is turned into appointments. */
    static final Duration HORIZON = Duration.ofDays(180);
    /** More occurrences than this of one series in the horizon is no consultation plan. */
    static final int MAX_OCCURRENCES = 200;

    private static final Pattern LINE = Pattern.compile("^\\s*([\\p{L}.\\- ]+?)\\s*:\\s*(.+?)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NUMBER_ANYWHERE = Pattern.compile("\\b\\d{3}\\s?[A-Za-z]\\s?\\d{6}\\b");

    private CalendarImport() {
    }

    static AppointmentImport.Parsed parse(byte[] body, ZoneId zone, Instant now) {
        Calendar calendar;
        try {
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            calendar = new CalendarBuilder().build(new StringReader(text));
        } catch (ParserException e) {
            throw ApiProblem.badRequest("INVALID_CALENDAR",
                    "Not a readable iCalendar file (line " + e.getLineNo() + "): " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw ApiProblem.badRequest("INVALID_CALENDAR", "Not a readable iCalendar file: " + e.getMessage());
        }
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        List<AppointmentImport.Entry> entries = new ArrayList<>();
        List<ImportResult.Rejected> rejected = new ArrayList<>();
        // Changed occurrences of a series, by UID and the start they replace.
        Map<String, Map<Instant, VEvent>> overrides = new HashMap<>();
        List<VEvent> masters = new ArrayList<>();
        for (VEvent event : events) {
            Optional<Property> recurrenceId = event.getProperty(Property.RECURRENCE_ID);
            String uid = value(event, Property.UID);
            if (recurrenceId.isPresent() && uid != null) {
                try {
                    Instant original = instant(dateOf(recurrenceId.get()), zone);
                    overrides.computeIfAbsent(uid, u -> new LinkedHashMap<>()).put(original, event);
                } catch (EntryProblem e) {
                    rejected.add(new ImportResult.Rejected("UID " + uid + " (RECURRENCE-ID)", e.getMessage(), e.code));
                }
            } else {
                masters.add(event);
            }
        }
        Set<String> seriesWithMaster = new HashSet<>();
        int n = 0;
        for (VEvent event : masters) {
            n++;
            String uid = value(event, Property.UID);
            if (uid == null) {
                rejected.add(new ImportResult.Rejected("VEVENT " + n, "Entry without UID", "MISSING_UID"));
                continue;
            }
            String where = "UID " + uid;
            try {
                if (event.getProperty(Property.RRULE).isPresent() || event.getProperty(Property.RDATE).isPresent()) {
                    seriesWithMaster.add(uid);
                    occurrences(event, uid, overrides.getOrDefault(uid, Map.of()), zone, now, entries);
                } else {
                    entries.add(entry(event, uid, where, zone));
                }
            } catch (EntryProblem e) {
                rejected.add(new ImportResult.Rejected(where, e.getMessage(), e.code));
            }
        }
        // Changed occurrences whose series is not in the file (an export of a few days): each on its own.
        overrides.forEach((uid, changed) -> {
            if (!seriesWithMaster.contains(uid)) {
                changed.forEach((original, event) -> {
                    String where = "UID " + uid + " (" + original + ")";
                    try {
                        entries.add(withId(entry(event, uid, where, zone), uid + "/" + original));
                    } catch (EntryProblem e) {
                        rejected.add(new ImportResult.Rejected(where, e.getMessage(), e.code));
                    }
                });
            }
        });
        return new AppointmentImport.Parsed(entries, rejected);
    }

    /** Each occurrence of a series in [start of today, today + horizon), changed ones as changed. */
    private static void occurrences(VEvent series, String uid, Map<Instant, VEvent> changed, ZoneId zone,
                                    Instant now, List<AppointmentImport.Entry> into) throws EntryProblem {
        Temporal start = startOf(series);
        ZonedDateTime from = LocalDate.ofInstant(now, zone).atStartOfDay(zone);
        ZonedDateTime to = from.plus(HORIZON);
        Set<Period<Temporal>> periods;
        try {
            Temporal windowStart = start instanceof LocalDateTime ? from.toLocalDateTime() : from;
            Temporal windowEnd = start instanceof LocalDateTime ? to.toLocalDateTime() : to;
            // Count first, stopping past the limit: a rule like FREQ=SECONDLY would otherwise be expanded into
            // millions of occurrences (minutes of CPU and the heap) before the limit below is checked.
            for (Object rule : series.getProperties(Property.RRULE)) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                int count = ((RRule) rule).getRecur().getDates(start, windowStart, windowEnd, MAX_OCCURRENCES + 1)
                        .size();
                if (count > MAX_OCCURRENCES) {
                    throw new EntryProblem("TOO_MANY_OCCURRENCES", "Series with more than " + MAX_OCCURRENCES
                            + " occurrences in " + HORIZON.toDays() + " days");
                }
            }
            Period<? extends Temporal> window = start instanceof LocalDateTime
                    ? new Period<>(from.toLocalDateTime(), to.toLocalDateTime()) : new Period<>(from, to);
            periods = series.calculateRecurrenceSet(window);
        } catch (RuntimeException e) {
            throw new EntryProblem("INVALID_RECURRENCE", "Recurrence not understood: " + e.getMessage());
        }
        TreeSet<Instant> starts = new TreeSet<>();
        for (Period<Temporal> p : periods) {
            starts.add(instant(p.getStart(), zone));
        }
        if (starts.size() > MAX_OCCURRENCES) {
            throw new EntryProblem("TOO_MANY_OCCURRENCES",
                    "Series with more than " + MAX_OCCURRENCES + " occurrences in " + HORIZON.toDays() + " days");
        }
        AppointmentImport.Entry template = entry(series, uid, "UID " + uid, zone);
        Duration length = Duration.between(template.draft().startsAt(), template.draft().endsAt());
        for (Instant occurrence : starts) {
            String where = "UID " + uid + " (" + occurrence + ")";
            VEvent override = changed.get(occurrence);
            AppointmentImport.Entry entry = override != null ? entry(override, uid, where, zone)
                    : new AppointmentImport.Entry(where, moved(template.draft(), occurrence, length),
                    template.cancelled());
            into.add(withId(entry, uid + "/" + occurrence));
        }
    }

    private static AppointmentImport.Entry entry(VEvent event, String uid, String where, ZoneId zone)
            throws EntryProblem {
        Temporal start = startOf(event);
        Instant startsAt = instant(start, zone);
        Instant endsAt;
        Optional<Property> end = event.getProperty(Property.DTEND);
        Optional<Property> duration = event.getProperty(Property.DURATION);
        if (end.isPresent()) {
            endsAt = instant(dateOf(end.get()), zone);
        } else if (duration.isPresent()) {
            TemporalAmount amount = ((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration();
            endsAt = startsAt.atZone(zone).plus(amount).toInstant();
        } else {
            throw new EntryProblem("MISSING_END", "Entry without end (DTEND or DURATION)");
        }
        String summary = value(event, Property.SUMMARY);
        String description = value(event, Property.DESCRIPTION);
        Map<String, String> lines = labelled(description);
        String number = first(lines, "kundennummer", "kd-nr", "kdnr");
        if (number == null) {
            number = findNumber(summary, description);
        }
        String name = first(lines, "kunde", "kundin", "name", "kundin/kunde");
        String email = first(lines, "e-mail", "email");
        Optional<Property> attendee = firstAttendee(event);
        if (attendee.isPresent()) {
            if (name == null) {
                name = attendee.get().getParameter(Parameter.CN).map(p -> ((Parameter) p).getValue()).orElse(null);
            }
            String address = attendee.get().getValue();
            if (email == null && address != null && address.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                email = address.substring("mailto:".length());
            }
        }
        Channel channel = AppointmentImport.channel(first(lines, "kanal"));
        if (channel == null) {
            channel = channelFrom(value(event, Property.LOCATION), summary);
        }
        String topic = summary == null ? null : summary.replace(number == null ? "\u0000" : number, "")
                .replaceAll("^[\\s\\-–:,]+|[\\s\\-–:,]+$", "");
        String status = value(event, Property.STATUS);
        AppointmentDraft draft = new AppointmentDraft(null, name, number, email,
                first(lines, "mobil", "telefon", "tel.", "tel", "handy"),
                AppointmentImport.language(first(lines, "sprache")), topic == null || topic.isBlank() ? summary : topic,
                channel, startsAt, endsAt, uid, null);
        return new AppointmentImport.Entry(where, draft, "CANCELLED".equalsIgnoreCase(status));
    }

    private static Temporal startOf(VEvent event) throws EntryProblem {
        Optional<Property> start = event.getProperty(Property.DTSTART);
        if (start.isEmpty()) {
            throw new EntryProblem("MISSING_START", "Entry without start (DTSTART)");
        }
        Temporal t = dateOf(start.get());
        if (t instanceof LocalDate) {
            throw new EntryProblem("ALL_DAY", "All-day entry: an appointment needs a start time");
        }
        return t;
    }

    /** A date property's value; ical4j resolves its TZID only here (an unknown zone throws). */
    private static Temporal dateOf(Property property) throws EntryProblem {
        try {
            return ((DateProperty<?>) property).getDate();
        } catch (DateTimeException e) {
            throw new EntryProblem("INVALID_DATE", property.getName() + " unreadable (unknown time zone?): "
                    + e.getMessage());
        }
    }

    /** A date-time as an instant; floating times are in the server's zone. */
    private static Instant instant(Temporal t, ZoneId zone) {
        if (t instanceof LocalDateTime local) {
            return local.atZone(zone).toInstant();
        }
        if (t instanceof LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }
        try {
            return Instant.from(t);
        } catch (DateTimeException e) {
            throw ApiProblem.badRequest("INVALID_CALENDAR", "Unreadable date-time " + t);
        }
    }

    private static AppointmentDraft moved(AppointmentDraft d, Instant start, Duration length) {
        return new AppointmentDraft(d.advisorId(), d.customerName(), d.customerNumber(), d.customerEmail(),
                d.customerPhone(), d.customerLanguage(), d.topic(), d.channel(), start, start.plus(length),
                d.externalId(), d.allowOverlap());
    }

    private static AppointmentImport.Entry withId(AppointmentImport.Entry e, String externalId) {
        return new AppointmentImport.Entry(e.where(), e.draft().withExternalId(externalId), e.cancelled());
    }

    private static Optional<Property> firstAttendee(VEvent event) {
        String organizer = value(event, Property.ORGANIZER);
        List<Property> attendees = event.getProperties(Property.ATTENDEE);
        return attendees.stream().filter(a -> organizer == null || !organizer.equalsIgnoreCase(a.getValue()))
                .findFirst();
    }

    private static Channel channelFrom(String location, String summary) {
        String text = ((location == null ? "" : location) + " " + (summary == null ? "" : summary))
                .toLowerCase(Locale.GERMAN);
        if (text.contains("telefon")) {
            return Channel.PHONE;
        }
        if (text.contains("vor ort") || text.contains("raum") || text.contains("zimmer")
                || text.contains("dienststelle")) {
            return Channel.ON_SITE;
        }
        // A video consultation system's calendar: video unless it says otherwise.
        return Channel.VIDEO;
    }

    private static String findNumber(String... texts) {
        for (String t : texts) {
            if (t != null) {
                Matcher m = NUMBER_ANYWHERE.matcher(t);
                if (m.find()) {
                    String candidate = m.group().replaceAll("\\s", "").toUpperCase(Locale.ROOT);
                    if (AppointmentRules.CUSTOMER_NUMBER.matcher(candidate).matches()) {
                        return m.group();
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, String> labelled(String description) {
        Map<String, String> lines = new HashMap<>();
        if (description != null) {
            Matcher m = LINE.matcher(description);
            while (m.find()) {
                lines.putIfAbsent(m.group(1).strip().toLowerCase(Locale.GERMAN), m.group(2));
            }
        }
        return lines;
    }

    private static String first(Map<String, String> lines, String... keys) {
        for (String k : keys) {
            String v = lines.get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).map(p -> ((Property) p).getValue()).orElse(null);
    }

    /** An entry that is no appointment, with the code the app explains. */
    private static final class EntryProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        EntryProblem(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
