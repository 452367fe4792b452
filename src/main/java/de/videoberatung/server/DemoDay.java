package de.videoberatung.server;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * When the demo's appointments lie: one advisor's working day of {@link #SLOTS} consultations, placed around the
 * moment the demo starts so that there is always something to try, whatever the clock says. A pure function of
 * the time, so it can be tested for any hour.
 *
 * <p><b>Live</b> (the demo as a newcomer opens it): the office day is shifted so that its next slot begins 5 to 10
 * minutes from now (a customer about to arrive), with the slots before it in the past and the rest later. Which
 * slot comes next follows the time of day, so between about 09:30 and 14:15 the day looks like a real one (shifted by
 * at most an hour); at least {@link #MIN_PAST} slots lie before and {@link #MIN_LATER} from the next one on.
 * Everything stays inside today in the server's zone: when the shifted day would start before midnight (early in
 * the morning) the slots before now are squeezed into the part of today that has passed, and when it would end
 * after midnight (late in the evening) the slots from now on are squeezed into what is left of today; just after
 * midnight or just before it they become minutes or even seconds long, but they stay in order, before and after
 * now, and on today.
 *
 * <p><b>Fixed</b> (an explicit demo time: tests, trainings, screenshots): the unshifted office day 08:00–16:00.
 */
final class DemoDay {

    /** One slot of the office day: when it begins and how long it is. */
    private record Slot(LocalTime start, Duration length) {
        Duration startOffset() {
            return Duration.between(LocalTime.MIDNIGHT, start);
        }

        Duration endOffset() {
            return startOffset().plus(length);
        }
    }

    /** The office day, back to back with a lunch break. */
    private static final List<Slot> OFFICE_DAY = List.of(slot(8, 0, 30), slot(8, 30, 45), slot(9, 15, 30),
            slot(9, 45, 45), slot(10, 30, 30), slot(11, 0, 45), slot(11, 45, 30), slot(13, 0, 30), slot(13, 30, 45),
            slot(14, 15, 30), slot(15, 0, 30), slot(15, 30, 30));
    static final int SLOTS = OFFICE_DAY.size();
    static final int MIN_PAST = 3;
    static final int MIN_LATER = 3;
    /** The next customer arrives in 5 to 10 minutes: time to look around first. */
    private static final Duration LEAD = Duration.ofMinutes(5);

    /** An appointment's planned time. */
    record Planned(Instant start, Instant end) {
    }

    private DemoDay() {
    }

    /**
     * The live day for one advisor.
     *
     * @param now the moment the demo starts
     * @param offset shifts this advisor's day against the others' (colleagues are a few minutes apart, so one of
     *               them is in a consultation right now); zero for the advisor the newcomer signs in as
     * @return {@link #SLOTS} appointments in order, all on today in {@code zone}
     */
    static List<Planned> live(Instant now, ZoneId zone, Duration offset) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant dayStart = today.atStartOfDay(zone).toInstant();
        Instant dayEnd = today.plusDays(1).atStartOfDay(zone).toInstant();
        Duration timeOfDay = Duration.between(LocalTime.MIDNIGHT, LocalTime.ofInstant(now, zone));
        int next = nextSlot(timeOfDay.plus(LEAD));
        Instant anchor = ceilToFiveMinutes(now.plus(LEAD)).plus(offset);
        // Where now falls in the office day's own time: the next slot's start minus how far ahead it is.
        Duration nowInDay = OFFICE_DAY.get(next).startOffset().minus(Duration.between(now, anchor));
        Duration before = nowInDay.minus(OFFICE_DAY.get(0).startOffset());
        Duration after = OFFICE_DAY.get(SLOTS - 1).endOffset().minus(nowInDay);
        // Keep the day inside today: squeeze either side into the time it has (never stretch).
        double pastScale = squeeze(Duration.between(dayStart, now), before);
        double laterScale = squeeze(Duration.between(now, dayEnd).minusMillis(1), after);
        List<Planned> day = new ArrayList<>(SLOTS);
        for (Slot slot : OFFICE_DAY) {
            day.add(new Planned(place(slot.startOffset(), nowInDay, now, pastScale, laterScale),
                    place(slot.endOffset(), nowInDay, now, pastScale, laterScale)));
        }
        return day;
    }

    /** The fixed office day 08:00–16:00 of {@code today}. */
    static List<Planned> fixed(LocalDate today, ZoneId zone) {
        List<Planned> day = new ArrayList<>(SLOTS);
        for (Slot slot : OFFICE_DAY) {
            Instant start = today.atTime(slot.start()).atZone(zone).toInstant();
            day.add(new Planned(start, start.plus(slot.length())));
        }
        return day;
    }

    /** The first slot that starts at or after {@code time}, kept so the day has a past and a future. */
    private static int nextSlot(Duration time) {
        int next = SLOTS;
        for (int i = 0; i < SLOTS; i++) {
            if (OFFICE_DAY.get(i).startOffset().compareTo(time) >= 0) {
                next = i;
                break;
            }
        }
        return Math.max(MIN_PAST, Math.min(SLOTS - MIN_LATER, next));
    }

    private static double squeeze(Duration available, Duration needed) {
        if (needed.isZero() || needed.isNegative() || available.compareTo(needed) >= 0) {
            return 1.0;
        }
        return Math.max(0, (double) available.toMillis() / needed.toMillis());
    }

    /** Maps a time of the office day to an instant, scaling the distance from now on each side of it. */
    private static Instant place(Duration offset, Duration nowInDay, Instant now, double pastScale,
                                 double laterScale) {
        Duration fromNow = offset.minus(nowInDay);
        double scale = fromNow.isNegative() ? pastScale : laterScale;
        return scale == 1.0 ? now.plus(fromNow) : now.plusMillis(Math.round(fromNow.toMillis() * scale));
    }

    private static Instant ceilToFiveMinutes(Instant t) {
        long step = Duration.ofMinutes(5).toMillis();
        long millis = t.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(millis + step - 1, step) * step);
    }

    private static Slot slot(int hour, int minute, int minutes) {
        return new Slot(LocalTime.of(hour, minute), Duration.ofMinutes(minutes));
    }
}
