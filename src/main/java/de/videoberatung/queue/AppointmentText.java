package de.videoberatung.queue;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CustomerCheck;
import de.videoberatung.api.InvitationReason;
import de.videoberatung.api.InvitationState;
import de.videoberatung.api.InvitationStatus;
import de.videoberatung.i18n.Messages;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How an appointment's state reads in the queue; pure functions of the appointment and the current time. */
public final class AppointmentText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Messages messages;
    private final Duration followUpAfter;

    public AppointmentText(Messages messages, Duration followUpAfter) {
        this.messages = messages;
        this.followUpAfter = followUpAfter;
    }

    /** A scheduled customer who has not joined some minutes after the start: to be followed up, never auto no-show. */
    public boolean needsFollowUp(Appointment a, Instant now) {
        return a.status() == AppointmentStatus.SCHEDULED && now.isAfter(a.startsAt().plus(followUpAfter));
    }

    /** "08:00–08:30", in the zone of the server's day (not the machine's). */
    public String timeRange(Appointment a) {
        return TIME.format(a.startsAt().atZone(messages.zone())) + "–" + TIME.format(a.endsAt().atZone(messages.zone()));
    }

    /** The status label, e.g. "Wartet". */
    public String status(Appointment a) {
        return messages.label("status", a.status());
    }

    /** The live detail next to the status, e.g. "wartet seit 1:20", or empty. */
    public String detail(Appointment a, Instant now) {
        if (a.status() == AppointmentStatus.CUSTOMER_WAITING && a.waitingSince() != null) {
            String waiting = messages.get("queue.waitingSince", elapsed(Duration.between(a.waitingSince(), now)));
            return a.customerCheck() == null ? waiting : waiting + " · " + customerCheck(a.customerCheck());
        }
        if (needsFollowUp(a, now)) {
            return messages.get("queue.followUp");
        }
        if (a.status() == AppointmentStatus.IN_CALL && a.callStartedAt() != null) {
            return elapsed(Duration.between(a.callStartedAt(), now));
        }
        if (a.status() == AppointmentStatus.COMPLETED && a.durationSeconds() != null) {
            return messages.get("queue.duration", elapsed(Duration.ofSeconds(a.durationSeconds())));
        }
        if (a.status() == AppointmentStatus.NO_SHOW && a.noShowReason() != null) {
            return messages.label("noShowReason", a.noShowReason());
        }
        return "";
    }

    /** The invitation's state for the row, e.g. "gesendet 10:42" or "fehlgeschlagen: Adresse abgelehnt"; "" for none. */
    public String invitation(Appointment a) {
        InvitationStatus s = a.invitation();
        if (s == null || s.state() == InvitationState.NONE) {
            return "";
        }
        InvitationReason reason = InvitationReason.of(s.reason());
        return switch (s.state()) {
            case SENT -> messages.get("queue.invitation.sent", s.at() == null ? "" : TIME.format(s.at().atZone(messages.zone())));
            case PENDING -> reason == null ? messages.get("queue.invitation.pending")
                    : messages.get("queue.invitation.retrying", messages.label("invitation.reason", reason));
            case FAILED -> messages.get("queue.invitation.failed",
                    messages.label("invitation.reason", reason == null ? InvitationReason.OTHER : reason));
            case NONE -> "";
        };
    }

    /** The customer's own device check in a few words, e.g. "Technik ok" or "ohne Mikrofon, Verbindung schwach". */
    public String customerCheck(CustomerCheck check) {
        List<String> problems = new ArrayList<>();
        if (!check.camera()) {
            problems.add(messages.get("call.check.noCamera"));
        }
        if (!check.microphone()) {
            problems.add(messages.get("call.check.noMicrophone"));
        }
        if (!check.speaker()) {
            problems.add(messages.get("call.check.noSpeaker"));
        }
        if ("fair".equals(check.connection()) || "poor".equals(check.connection())) {
            problems.add(messages.get("call.check.connection." + check.connection()));
        }
        return problems.isEmpty() ? messages.get("call.check.ok") : String.join(", ", problems);
    }

    /** "m:ss" below an hour, "h:mm:ss" above; never negative (clocks of client and server differ a little). */
    public static String elapsed(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}
