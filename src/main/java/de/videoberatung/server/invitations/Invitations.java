package de.videoberatung.server.invitations;

import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.db.SqliteDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Invitations, updates, cancellations and reminders for video appointments (docs/invitations.md). {@link #plan}
 * runs inside the transaction of every appointment change and writes what the change calls for into the outbox;
 * the {@link OutboxWorker} sends it on its own thread. Nothing here blocks on a mail server or gateway.
 */
public final class Invitations implements AutoCloseable {

    /** What "send again" found. */
    public enum Resend {
        QUEUED, UNKNOWN_APPOINTMENT, NOT_CONFIGURED, NOT_VIDEO, CLOSED, NO_CONTACT
    }

    private final SqliteDatabase db;
    private final InvitationOptions options;
    private final Clock clock;
    private final OutboxWorker worker;

    /**
     * @param linkOpensBefore how long before the start the join link opens (said in the texts)
     * @param publicUrl where customers reach the server: the join links are made from it
     * @param openJoinLink opens the sealed copy of a join token the database keeps (docs/privacy.md)
     * @param onStateChange told the appointment id when its invitation state changed (sent, failed, retrying)
     */
    public Invitations(SqliteDatabase db, InvitationOptions options, ZoneId zone, Clock clock,
                       Duration linkOpensBefore, Supplier<URI> publicUrl, UnaryOperator<String> openJoinLink,
                       LongConsumer onStateChange) {
        this.db = db;
        this.options = options;
        this.clock = clock;
        CustomerTexts texts = new CustomerTexts(zone, options.contact(), linkOpensBefore);
        String domain = options.from() == null ? "videoberatung" : options.from().substring(
                options.from().indexOf('@') + 1).replace(">", "").trim();
        this.worker = new OutboxWorker(db, options, clock, texts, new CalendarEntry(zone, options.from(), domain),
                publicUrl, openJoinLink, onStateChange);
    }

    /** Starts sending (what is pending from before a restart first). */
    public void start() {
        if (enabled()) {
            worker.start();
        }
    }

    /** Whether anything is sent at all: a mail server or an SMS gateway is configured. */
    public boolean enabled() {
        return options.mailOn() || options.smsOn();
    }

    /**
     * Plans what the appointment's change calls for: an invitation for a new video appointment, an update
     * (same UID, SEQUENCE+1) when its times changed, a cancellation when it was cancelled after the customer
     * was told; its reminders are planned, re-planned or dropped with it. Joins the caller's transaction.
     */
    public void plan(long appointmentId) {
        if (enabled() && db.inTransaction(c -> plan(c, appointmentId))) {
            worker.wake();
        }
    }

    /** "Einladung erneut senden": the invitation (or the latest update) once more, by every medium. */
    public Resend sendAgain(long appointmentId) {
        Resend result = db.inTransaction(c -> {
            Optional<CustomerAppointment> found = Outbox.appointment(c, appointmentId);
            if (found.isEmpty()) {
                return Resend.UNKNOWN_APPOINTMENT;
            }
            CustomerAppointment a = found.get();
            Instant now = clock.instant();
            if (!enabled()) {
                return Resend.NOT_CONFIGURED;
            }
            if (a.channel() != Channel.VIDEO) {
                return Resend.NOT_VIDEO;
            }
            if (a.status().isFinal() || !a.endsAt().isAfter(now)) {
                return Resend.CLOSED;
            }
            List<Medium> media = media(a);
            if (media.isEmpty()) {
                return Resend.NO_CONTACT;
            }
            Optional<Outbox.Plan> plan = Outbox.plan(c, appointmentId);
            if (plan.isEmpty() || plan(c, appointmentId)) {
                // Never planned (the address came later) or its times were not yet announced: plan() queued it.
                if (plan.isEmpty()) {
                    plan(c, appointmentId);
                }
                return Resend.QUEUED;
            }
            MessageKind kind = plan.get().sequence() > 0 && Outbox.announced(c, appointmentId)
                    ? MessageKind.UPDATE : MessageKind.INVITATION;
            Outbox.dropPending(c, appointmentId, Outbox.Drop.MESSAGES, now);
            enqueue(c, a, kind, plan.get().sequence(), media, now);
            return Resend.QUEUED;
        });
        if (result == Resend.QUEUED) {
            worker.wake();
        }
        return result;
    }

    private boolean plan(Connection c, long id) throws SQLException {
        Optional<CustomerAppointment> found = Outbox.appointment(c, id);
        if (found.isEmpty()) {
            return false;
        }
        CustomerAppointment a = found.get();
        Instant now = clock.instant();
        List<Medium> media = media(a);
        Optional<Outbox.Plan> existing = Outbox.plan(c, id);
        if (existing.isEmpty()) {
            boolean open = a.status() == AppointmentStatus.SCHEDULED || a.status() == AppointmentStatus.CUSTOMER_WAITING;
            if (a.channel() != Channel.VIDEO || media.isEmpty() || !open || !a.endsAt().isAfter(now)) {
                return false;
            }
            Outbox.savePlan(c, id, new Outbox.Plan(0, a.startsAt(), a.endsAt(), false));
            enqueue(c, a, MessageKind.INVITATION, 0, media, now);
            planReminders(c, a, 0, media, now);
            return true;
        }
        Outbox.Plan plan = existing.get();
        if (plan.cancelled()) {
            return false;
        }
        if (a.status() == AppointmentStatus.CANCELLED) {
            boolean told = Outbox.announced(c, id);
            Outbox.dropPending(c, id, Outbox.Drop.ALL, now);
            Outbox.savePlan(c, id, new Outbox.Plan(plan.sequence() + 1, plan.startsAt(), plan.endsAt(), true));
            if (told) {
                enqueue(c, a, MessageKind.CANCELLATION, plan.sequence() + 1, media, now);
            }
            return told;
        }
        if (a.status().isFinal() || a.channel() != Channel.VIDEO) {
            // Held, missed, or moved to the phone: nothing more to say, no reminders.
            Outbox.dropPending(c, id, Outbox.Drop.ALL, now);
            return false;
        }
        if (a.startsAt().equals(plan.startsAt()) && a.endsAt().equals(plan.endsAt())) {
            return false;
        }
        boolean told = Outbox.announced(c, id);
        Outbox.dropPending(c, id, Outbox.Drop.ALL, now);
        int sequence = plan.sequence() + 1;
        Outbox.savePlan(c, id, new Outbox.Plan(sequence, a.startsAt(), a.endsAt(), false));
        if (!media.isEmpty()) {
            enqueue(c, a, told ? MessageKind.UPDATE : MessageKind.INVITATION, sequence, media, now);
            planReminders(c, a, sequence, media, now);
        }
        return true;
    }

    private void planReminders(Connection c, CustomerAppointment a, int sequence, List<Medium> media, Instant now)
            throws SQLException {
        for (Duration offset : options.reminderOffsets()) {
            Instant due = a.startsAt().minus(offset);
            if (due.isAfter(now)) {
                for (Medium medium : media) {
                    Outbox.enqueue(c, a.id(), MessageKind.REMINDER, medium, sequence, due, now);
                }
            }
        }
    }

    private static void enqueue(Connection c, CustomerAppointment a, MessageKind kind, int sequence,
                                List<Medium> media, Instant now) throws SQLException {
        for (Medium medium : media) {
            Outbox.enqueue(c, a.id(), kind, medium, sequence, now, now);
        }
    }

    /** How this customer can be reached: mail with an address, SMS with a mobile number, each if configured. */
    private List<Medium> media(CustomerAppointment a) {
        List<Medium> media = new ArrayList<>(2);
        if (options.mailOn() && a.hasEmail()) {
            media.add(Medium.MAIL);
        }
        if (options.smsOn() && MobileNumber.e164(a.phone()).isPresent()) {
            media.add(Medium.SMS);
        }
        return media;
    }

    /** Finishes the message under way and stops; call before the database closes. */
    @Override
    public void close() {
        worker.close();
    }
}
