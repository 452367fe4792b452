package de.videoberatung.teamlead;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a list of team appointments: counts per status, no-show rate, consultation time, who is
 * waiting, and consultations per hour. One pass over the rows; the live "waiting for" part is computed
 * from {@link #waitingSince()} at each tick without going over the rows again.
 *
 * @param total number of appointments
 * @param completedSeconds measured length of every completed consultation that has one
 * @param waitingSince when each waiting customer entered the waiting room, earliest first
 * @param perHour for each hour of the day (0–23) the count per status of appointments starting then
 */
public record TeamSummary(int total, Map<AppointmentStatus, Integer> counts, List<Long> completedSeconds,
                          List<Instant> waitingSince, int[][] perHour) {

    private static final AppointmentStatus[] STATUSES = AppointmentStatus.values();

    public static TeamSummary of(List<Appointment> rows, ZoneId zone) {
        int[] counts = new int[STATUSES.length];
        int[][] perHour = new int[24][STATUSES.length];
        List<Long> durations = new ArrayList<>();
        List<Instant> waiting = new ArrayList<>();
        for (Appointment a : rows) {
            counts[a.status().ordinal()]++;
            perHour[a.startsAt().atZone(zone).getHour()][a.status().ordinal()]++;
            if (a.status() == AppointmentStatus.COMPLETED && a.durationSeconds() != null) {
                durations.add(a.durationSeconds());
            }
            if (a.status() == AppointmentStatus.CUSTOMER_WAITING && a.waitingSince() != null) {
                waiting.add(a.waitingSince());
            }
        }
        Collections.sort(waiting);
        Map<AppointmentStatus, Integer> byStatus = new EnumMap<>(AppointmentStatus.class);
        for (AppointmentStatus s : STATUSES) {
            byStatus.put(s, counts[s.ordinal()]);
        }
        return new TeamSummary(rows.size(), Collections.unmodifiableMap(byStatus), List.copyOf(durations),
                List.copyOf(waiting), perHour);
    }

    public int count(AppointmentStatus status) {
        return counts.get(status);
    }

    /**
     * Missed appointments among those that were decided (held or missed); cancelled and still open ones do
     * not count. Null while nothing is decided.
     */
    public Double noShowRate() {
        int decided = count(AppointmentStatus.NO_SHOW) + count(AppointmentStatus.COMPLETED);
        return decided == 0 ? null : (double) count(AppointmentStatus.NO_SHOW) / decided;
    }

    /** Sum of the measured lengths of the completed consultations. */
    public Duration totalConsultationTime() {
        return Duration.ofSeconds(completedSeconds.stream().mapToLong(Long::longValue).sum());
    }

    /** Mean measured length of the completed consultations, or null if none is completed. */
    public Duration averageConsultationTime() {
        return completedSeconds.isEmpty() ? null
                : Duration.ofSeconds(Math.round((double) totalConsultationTime().toSeconds() / completedSeconds.size()));
    }

    public int waitingNow() {
        return waitingSince.size();
    }

    /** How long the customer who has waited longest has been waiting at {@code now}, or null if nobody waits. */
    public Duration longestWait(Instant now) {
        return waitingSince.isEmpty() ? null : Duration.between(waitingSince.get(0), now);
    }

    /** The count of appointments starting in {@code hour} with {@code status}. */
    public int count(int hour, AppointmentStatus status) {
        return perHour[hour][status.ordinal()];
    }

    /** First and last hour with any appointment, widened to at least the usual office hours 8–16. */
    public int[] hourRange() {
        int first = 8;
        int last = 16;
        for (int h = 0; h < 24; h++) {
            int sum = 0;
            for (int n : perHour[h]) {
                sum += n;
            }
            if (sum > 0) {
                first = Math.min(first, h);
                last = Math.max(last, h);
            }
        }
        return new int[] {first, last};
    }
}
