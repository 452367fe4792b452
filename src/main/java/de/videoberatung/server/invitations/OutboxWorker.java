package de.videoberatung.server.invitations;

import de.videoberatung.api.Backoff;
import de.videoberatung.api.InvitationReason;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.threads.NamedThreads;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is due from the outbox, on the {@code invitation-outbox} thread: woken when something was
 * planned, otherwise when the next message falls due (at the latest every 30 s). A mail server or gateway that
 * cannot be reached holds back every pending message of its medium, in order, for a wait from {@link Backoff}
 * (first {@code retryFirst}, doubling to {@code retryMax}); a refusal fails that message alone.
 *
 * <p>A message is marked sent only after the mail server or gateway accepted it. A crash between the two sends
 * it again after the restart: the one at-least-once window. The log names appointment ids and reason codes only.
 */
final class OutboxWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int BATCH = 100;
    private static final Duration POLL = Duration.ofSeconds(30);

    private final SqliteDatabase db;
    private final InvitationOptions options;
    private final Clock clock;
    private final CustomerTexts texts;
    private final CalendarEntry calendar;
    private final Supplier<URI> publicUrl;
    private final UnaryOperator<String> openJoinLink;
    private final LongConsumer onStateChange;
    private final ScheduledExecutorService executor = NamedThreads.scheduled("invitation-outbox");
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Map<Medium, Backoff> backoff = new EnumMap<>(Medium.class);
    private final SmsSender sms;
    private MailSender mail;
    private ScheduledFuture<?> timer;
    private volatile boolean closed;

    OutboxWorker(SqliteDatabase db, InvitationOptions options, Clock clock, CustomerTexts texts,
                 CalendarEntry calendar, Supplier<URI> publicUrl, UnaryOperator<String> openJoinLink,
                 LongConsumer onStateChange) {
        this.db = db;
        this.options = options;
        this.clock = clock;
        this.texts = texts;
        this.calendar = calendar;
        this.publicUrl = publicUrl;
        this.openJoinLink = openJoinLink;
        this.onStateChange = onStateChange;
        this.sms = options.smsOn() ? new SmsSender(options) : null;
        Random random = new Random();
        for (Medium medium : Medium.values()) {
            backoff.put(medium, new Backoff(options.retryFirst(), options.retryMax(), random));
        }
    }

    void start() {
        wake();
    }

    /** Something was planned: look at once (the planning transaction commits before the worker can read). */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    wakeQueued.set(false);
                    run();
                });
            } catch (RejectedExecutionException e) {
                // Closing: what is pending goes out after the next start.
                wakeQueued.set(false);
            }
        }
    }

    private void run() {
        if (closed) {
            return;
        }
        try {
            if (runOnce()) {
                wake();
                return;
            }
            Instant now = clock.instant();
            Instant next = db.read(Outbox::nextDue).filter(at -> at.isBefore(now.plus(POLL))).orElse(now.plus(POLL));
            schedule(Duration.between(now, next));
        } catch (RuntimeException | Error e) {
            // The database is closing or failed; try again later rather than stop sending for good.
            LOG.warn("invitation outbox run failed: {}", e.getClass().getSimpleName(), e);
            schedule(POLL);
        }
    }

    private void schedule(Duration delay) {
        if (timer != null) {
            timer.cancel(false);
        }
        try {
            timer = executor.schedule(this::run, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing.
        }
    }

    /** Sends one batch of due messages; answers whether more may be due at once. */
    private boolean runOnce() {
        List<Outbox.Row> rows = db.read(c -> Outbox.due(c, clock.instant(), BATCH));
        Set<Medium> blocked = EnumSet.noneOf(Medium.class);
        try {
            for (Outbox.Row row : rows) {
                if (!blocked.contains(row.medium()) && !deliver(row)) {
                    blocked.add(row.medium());
                }
            }
        } finally {
            if (mail != null) {
                mail.close();
            }
        }
        return rows.size() == BATCH;
    }

    /** Sends or settles one message; false when its medium cannot be reached now. */
    private boolean deliver(Outbox.Row row) {
        Instant now = clock.instant();
        Optional<CustomerAppointment> found = db.read(c -> Outbox.appointment(c, row.appointmentId()));
        String obsolete = found.isEmpty() ? InvitationReason.EXPIRED.name() : obsolete(row, found.get(), now);
        if (obsolete != null) {
            boolean reminder = row.kind() == MessageKind.REMINDER;
            String reason = row.lastError() != null ? row.lastError() : obsolete;
            finish(row, reminder || found.isEmpty() ? "DROPPED" : "FAILED", reason);
            return true;
        }
        CustomerAppointment a = found.get();
        db.read(c -> {
            Outbox.attempting(c, row.id(), now);
            return null;
        });
        try {
            send(row, a, now);
        } catch (SendFailure f) {
            if (f.temporary()) {
                Duration wait = backoff.get(row.medium()).next();
                List<Long> waiting = db.read(c -> Outbox.postpone(c, row.medium(), now.plus(wait), f.code(), now));
                LOG.warn("{} not reachable ({}): {} appointment(s) wait, next attempt in {} ms", row.medium(),
                        f.code(), waiting.size(), wait.toMillis());
                waiting.forEach(onStateChange::accept);
                return false;
            }
            LOG.warn("{} {} for appointment {} refused ({})", row.kind(), row.medium(), row.appointmentId(),
                    f.code());
            finish(row, "FAILED", f.code());
            return true;
        }
        backoff.get(row.medium()).reset();
        finish(row, "SENT", null);
        LOG.info("{} {} for appointment {} sent", row.kind(), row.medium(), row.appointmentId());
        return true;
    }

    /** Why the message is no longer wanted, or null to send it. */
    private static String obsolete(Outbox.Row row, CustomerAppointment a, Instant now) {
        if (row.kind() == MessageKind.CANCELLATION) {
            return a.startsAt().isAfter(now) ? null : InvitationReason.EXPIRED.name();
        }
        if (a.status().isFinal() || !a.endsAt().isAfter(now)
                || row.kind() == MessageKind.REMINDER && !a.startsAt().isAfter(now)) {
            return InvitationReason.EXPIRED.name();
        }
        if (row.medium() == Medium.MAIL ? !a.hasEmail() : MobileNumber.e164(a.phone()).isEmpty()) {
            return InvitationReason.NO_ADDRESS.name();
        }
        return null;
    }

    private void send(Outbox.Row row, CustomerAppointment a, Instant now) throws SendFailure {
        String link = row.kind() == MessageKind.CANCELLATION || a.sealedJoinToken() == null ? null
                : publicUrl.get().resolve("/j/" + openJoinLink.apply(a.sealedJoinToken())).toString();
        if (row.medium() == Medium.SMS) {
            sms.send(MobileNumber.e164(a.phone()).orElseThrow(), texts.sms(row.kind(), a, link));
            return;
        }
        CustomerTexts.Mail text = texts.mail(row.kind(), a, link);
        String ics = row.kind().hasCalendar() ? calendar.ics(row.kind(), row.sequence(), a,
                texts.calendarSummary(a), texts.calendarDescription(a, link), link, now) : null;
        if (mail == null) {
            mail = new MailSender(options);
        }
        mail.send(new MailSender.Outgoing(a.email(), text.subject(), text.body(), ics,
                row.kind() == MessageKind.CANCELLATION), now);
    }

    private void finish(Outbox.Row row, String state, String reason) {
        db.read(c -> {
            Outbox.finish(c, row.id(), state, reason, clock.instant());
            return null;
        });
        if (row.kind() != MessageKind.REMINDER) {
            onStateChange.accept(row.appointmentId());
        }
    }

    /** Lets the message under way finish (the SMTP timeouts bound it) and stops. */
    @Override
    public void close() {
        closed = true;
        executor.execute(() -> {
            if (timer != null) {
                timer.cancel(false);
            }
        });
        NamedThreads.drain(executor, Duration.ofSeconds(30));
    }
}
