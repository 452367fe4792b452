package de.videoberatung.server.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.Channel;
import de.videoberatung.api.InvitationState;
import de.videoberatung.api.InvitationStatus;
import de.videoberatung.api.StatusChange;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.testsupport.Poll;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Invitations against a real SMTP server on loopback (GreenMail) through the real consultation server: what the
 * customer receives, updates and cancellations, a mail server that is down for a while, and a log without
 * anything personal in it.
 */
class InvitationMailTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final URI PUBLIC = URI.create("https://beratung.jobcenter.example/");
    static final String FROM = "videoberatung@jobcenter.example";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    GreenMail smtp;
    ConsultationServer server;
    ApiClient advisor;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final List<String> personal = new ArrayList<>();
    int customers;

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void nothingPersonalWasLogged() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        // GreenMail (the customer's side here) logs the addresses it receives for; the server must not.
        String logged = log.list.stream().filter(e -> !e.getLoggerName().startsWith("com.icegreen"))
                .map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
        assertThat(log.list).as("the server logged while sending").isNotEmpty();
        for (String value : personal) {
            assertThat(logged).as("log mentions personal data").doesNotContain(value);
        }
    }

    @Test
    void theInvitationArrivesInGermanWithTheLinkAndACalendarEntry() throws Exception {
        start(invitations(startSmtp()));
        Appointment a = create(tomorrowAt(10, 30), null);

        MimeMessage mail = Poll.untilPresent("the invitation", WAIT, () -> single(smtp.getReceivedMessages()));
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(a.customerEmail());
        assertThat(mail.getFrom()[0].toString()).isEqualTo(FROM);
        String date = tomorrowAt(10, 30).format(DateTimeFormatter.ofPattern("EEEE, d. MMMM yyyy",
                Locale.GERMAN));
        assertThat(mail.getSubject()).isEqualTo("Ihre Videoberatung beim Jobcenter am " + date + " um 10:30 Uhr");
        String text = text(mail);
        assertThat(text).contains("Guten Tag", "mit Anna Becker vom Jobcenter", date + ", 10:30 bis 11:00 Uhr",
                a.joinUrl(), "Smartphone, ein Tablet", "ruhigen Ort", "15 Minuten vor dem Termin",
                "Kamera, Mikrofon, Lautsprecher und Verbindung", "Telefon 0441 1234-0", "nicht aufgezeichnet");
        assertThat(a.joinUrl()).startsWith(PUBLIC + "j/");

        VEvent event = event(mail, "REQUEST");
        assertThat(value(event, Property.UID)).isEqualTo("videoberatung-" + a.id() + "@jobcenter.example");
        assertThat(value(event, Property.SEQUENCE)).isEqualTo("0");
        assertThat(value(event, Property.ORGANIZER)).isEqualTo("mailto:" + FROM);
        assertThat(value(event, Property.URL)).isEqualTo(a.joinUrl());
        assertThat(value(event, Property.DESCRIPTION)).contains(a.joinUrl());
        assertThat(event.getProperty(Property.DTSTART).orElseThrow().getParameter("TZID").orElseThrow().getValue())
                .isEqualTo("Europe/Berlin");
        assertThat(value(event, Property.DTSTART)).isEqualTo(tomorrowAt(10, 30).toLocalDateTime().toString()
                .replace("-", "").replace(":", "") + "00");
        assertThat(value(event, Property.DTEND)).endsWith("T110000");

        Poll.until("the queue shows the invitation as sent", WAIT,
                () -> state(a).state() == InvitationState.SENT);
    }

    @Test
    void theCustomersLanguageWhereATextExistsGermanOtherwise() throws Exception {
        start(invitations(startSmtp()));
        create(tomorrowAt(9, 0), "en");
        create(tomorrowAt(11, 0), "tr");
        create(tomorrowAt(13, 0), "ar");

        Poll.until("three invitations", WAIT, () -> smtp.getReceivedMessages().length == 3);
        Map<String, String> subjects = Arrays.stream(smtp.getReceivedMessages()).collect(Collectors.toMap(
                m -> recipient(m), m -> subject(m)));
        assertThat(subjects.values()).anySatisfy(s -> assertThat(s).startsWith("Your video consultation"))
                .anySatisfy(s -> assertThat(s).startsWith("Jobcenter ile görüntülü görüşmeniz"))
                .as("no Arabic text yet: German").anySatisfy(s -> assertThat(s).startsWith("Ihre Videoberatung"));
    }

    @Test
    void aRescheduleSendsAnUpdateAndACancellationACancel() throws Exception {
        start(invitations(startSmtp()));
        Appointment a = create(tomorrowAt(10, 0), null);
        Poll.until("the invitation", WAIT, () -> smtp.getReceivedMessages().length == 1);
        VEvent invitation = event(smtp.getReceivedMessages()[0], "REQUEST");

        Instant later = tomorrowAt(14, 0).toInstant();
        advisor.updateAppointment(a.id(), new AppointmentDraft(null, null, null, null, null, null, null, null,
                later, later.plus(Duration.ofMinutes(45)), null, null));
        Poll.until("the update", WAIT, () -> smtp.getReceivedMessages().length == 2);
        MimeMessage updateMail = smtp.getReceivedMessages()[1];
        assertThat(updateMail.getSubject()).startsWith("Geänderter Termin").contains("um 14:00 Uhr");
        assertThat(text(updateMail)).contains("14:00 bis 14:45 Uhr", a.joinUrl());
        VEvent update = event(updateMail, "REQUEST");
        assertThat(value(update, Property.UID)).isEqualTo(value(invitation, Property.UID));
        assertThat(value(update, Property.SEQUENCE)).isEqualTo("1");
        assertThat(value(update, Property.DTSTART)).endsWith("T140000");

        advisor.changeStatus(a.id(), StatusChange.cancel(CancelReason.CUSTOMER_REQUEST));
        Poll.until("the cancellation", WAIT, () -> smtp.getReceivedMessages().length == 3);
        MimeMessage cancelMail = smtp.getReceivedMessages()[2];
        assertThat(cancelMail.getSubject()).startsWith("Abgesagt");
        assertThat(text(cancelMail)).contains("findet nicht statt").doesNotContain(a.joinUrl());
        VEvent cancel = event(cancelMail, "CANCEL");
        assertThat(value(cancel, Property.UID)).isEqualTo(value(invitation, Property.UID));
        assertThat(value(cancel, Property.SEQUENCE)).isEqualTo("2");
        assertThat(value(cancel, Property.STATUS)).isEqualTo("CANCELLED");
    }

    @Test
    void aMailServerThatIsDownDelaysTheMailsButLosesNoneAndSendsNoneTwice() throws Exception {
        int port = startSmtp();
        smtp.stop();
        start(invitations(port));

        List<Appointment> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long began = System.nanoTime();
            created.add(create(tomorrowAt(8 + i, 0), null));
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("creating with the mail server down")
                    .isLessThan(Duration.ofSeconds(2));
        }
        Poll.until("the queue says the mail server cannot be reached", WAIT, () -> created.stream()
                .map(this::state).allMatch(s -> s.state() == InvitationState.PENDING
                        && "MAIL_SERVER_UNREACHABLE".equals(s.reason())));

        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Poll.until("all five invitations after the mail server returned", WAIT,
                () -> smtp.getReceivedMessages().length >= 5);
        Poll.until("all marked sent", WAIT,
                () -> created.stream().allMatch(a -> state(a).state() == InvitationState.SENT));

        // A restart sends nothing again: the next new invitation is the only mail after it.
        server.close();
        start(invitations(port));
        Appointment after = create(tomorrowAt(15, 0), null);
        Poll.until("the invitation after the restart", WAIT, () -> smtp.getReceivedMessages().length >= 6);
        Map<String, Long> perRecipient = Arrays.stream(smtp.getReceivedMessages())
                .collect(Collectors.groupingBy(InvitationMailTest::recipient, Collectors.counting()));
        assertThat(perRecipient).hasSize(6).allSatisfy((to, count) -> assertThat(count).as(to).isEqualTo(1));
        assertThat(perRecipient).containsKey(after.customerEmail());
    }

    @Test
    void sendAgainQueuesTheInvitationOnceMoreForWhoMayChangeTheAppointment() throws Exception {
        start(invitations(startSmtp()));
        Appointment a = create(tomorrowAt(10, 0), null);
        Poll.until("the invitation", WAIT, () -> smtp.getReceivedMessages().length == 1);

        Appointment again = advisor.resendInvitation(a.id());
        assertThat(again.invitation().state()).isEqualTo(InvitationState.PENDING);
        Poll.until("the second invitation", WAIT, () -> smtp.getReceivedMessages().length == 2);
        assertThat(value(event(smtp.getReceivedMessages()[1], "REQUEST"), Property.UID))
                .isEqualTo("videoberatung-" + a.id() + "@jobcenter.example");

        ApiClient lead = new ApiClient(server.baseUri());
        lead.login("demo.teamleitung", "demo");
        Appointment resent = lead.resendInvitation(a.id());
        assertThat(resent.id()).as("the team lead of the advisor's team").isEqualTo(a.id());
        assertThat(resent.joinUrl()).as("the team lead's answer is the team view").isNull();
        assertThat(resent.customerEmail()).isNull();
        Poll.until("the third invitation", WAIT, () -> smtp.getReceivedMessages().length == 3);

        Appointment byPhone = advisor.createAppointment(draft(tomorrowAt(16, 0), null, Channel.PHONE));
        assertThatThrownBy(() -> advisor.resendInvitation(byPhone.id()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("NOT_VIDEO"));
        assertThatThrownBy(() -> advisor.resendInvitation(999_999))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aReminderGoesOutTheConfiguredTimeBeforeTheStart() throws Exception {
        start(invitations(startSmtp()).withReminders(List.of(Duration.ofHours(1))));
        ZonedDateTime soon = ZonedDateTime.now(BERLIN).plusHours(1).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        Appointment a = advisor.createAppointment(draft(soon, null, Channel.VIDEO));

        Poll.until("invitation and reminder", WAIT, () -> smtp.getReceivedMessages().length == 2);
        List<String> subjects = Arrays.stream(smtp.getReceivedMessages()).map(InvitationMailTest::subject).toList();
        assertThat(subjects.get(0)).startsWith("Ihre Videoberatung");
        assertThat(subjects.get(1)).startsWith("Erinnerung: Ihre Videoberatung");
        assertThat(text(smtp.getReceivedMessages()[1])).contains(a.joinUrl());
    }

    @Test
    void remindersAreReplannedOnARescheduleAndDroppedOnACancellation() throws Exception {
        start(invitations(startSmtp()).withReminders(List.of(Duration.ofDays(1), Duration.ofHours(1))));
        ZonedDateTime start = tomorrowAt(10, 0).plusDays(2);
        Appointment a = create(start, null);
        assertThat(pendingReminders(a)).containsExactly(start.minusDays(1).toInstant(),
                start.minusHours(1).toInstant());

        ZonedDateTime moved = start.plusDays(1).plusHours(1);
        advisor.updateAppointment(a.id(), new AppointmentDraft(null, null, null, null, null, null, null, null,
                moved.toInstant(), moved.plusMinutes(30).toInstant(), null, null));
        assertThat(pendingReminders(a)).as("re-planned for the new time").containsExactly(
                moved.minusDays(1).toInstant(), moved.minusHours(1).toInstant());

        advisor.changeStatus(a.id(), StatusChange.cancel(CancelReason.ADVISOR_UNAVAILABLE));
        assertThat(pendingReminders(a)).as("a cancelled appointment gets no reminder").isEmpty();
        Poll.until("invitation (or update) and cancellation", WAIT, () -> Arrays.stream(smtp.getReceivedMessages())
                .anyMatch(m -> subject(m).startsWith("Abgesagt")));
    }

    /** When the appointment's pending reminders are due, read from the server's database as it stands. */
    List<Instant> pendingReminders(Appointment a) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("server.db"));
             PreparedStatement ps = c.prepareStatement("SELECT next_attempt_at FROM invitation_outbox "
                     + "WHERE appointment_id = ? AND kind = 'REMINDER' AND state = 'PENDING' ORDER BY 1")) {
            ps.setLong(1, a.id());
            List<Instant> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(Instant.ofEpochMilli(rs.getLong(1)));
                }
            }
            return due;
        }
    }

    // --- set-up ------------------------------------------------------------------------------------

    int startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp.getSmtp().getPort();
    }

    static InvitationOptions invitations(int smtpPort) {
        return InvitationOptions.off().withMail("127.0.0.1", smtpPort, false, null, null, FROM)
                .withContact("Telefon 0441 1234-0 (Mo–Fr 8–16 Uhr)").withReminders(List.of())
                .withRetry(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    void start(InvitationOptions invitations) throws ApiException {
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0))
                .publicUrl(PUBLIC).invitations(invitations).build()).start();
        advisor = new ApiClient(server.baseUri());
        advisor.login("demo.berater", "demo");
    }

    Appointment create(ZonedDateTime start, String language) throws ApiException {
        Appointment a = advisor.createAppointment(draft(start, language, Channel.VIDEO));
        personal.add(a.joinUrl().substring(a.joinUrl().lastIndexOf('/') + 1));
        return a;
    }

    AppointmentDraft draft(ZonedDateTime start, String language, Channel channel) {
        int n = ++customers;
        String name = "Kundin Nummer" + n;
        String email = "kundin" + n + "-" + System.nanoTime() + "@mail.example";
        String phone = "0170 55501" + (10 + n);
        personal.add(name);
        personal.add(email);
        personal.add(phone);
        return new AppointmentDraft(null, name, "123A45678" + (n % 10), email, phone, language, "Beratung",
                channel, start.toInstant(), start.plusMinutes(30).toInstant(), null, true);
    }

    InvitationStatus state(Appointment a) {
        try {
            LocalDate day = LocalDate.ofInstant(a.startsAt(), BERLIN);
            Appointment now = advisor.appointments(day).stream().filter(x -> x.id() == a.id()).findFirst()
                    .orElseThrow();
            return now.invitation();
        } catch (ApiException e) {
            throw new AssertionError(e);
        }
    }

    static ZonedDateTime tomorrowAt(int hour, int minute) {
        return LocalDate.now(BERLIN).plusDays(1).atTime(hour, minute).atZone(BERLIN);
    }

    static MimeMessage single(MimeMessage[] messages) {
        return messages.length == 1 ? messages[0] : null;
    }

    static String recipient(MimeMessage m) {
        return unchecked(x -> x.getRecipients(Message.RecipientType.TO)[0].toString(), m);
    }

    static String subject(MimeMessage m) {
        return unchecked(MimeMessage::getSubject, m);
    }

    static String text(MimeMessage mail) throws Exception {
        return (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
    }

    /** The calendar attachment, parsed back with ical4j: its METHOD and its one event. */
    static VEvent event(MimeMessage mail, String method) throws Exception {
        Multipart parts = (Multipart) mail.getContent();
        BodyPart part = parts.getBodyPart(1);
        assertThat(part.getContentType()).startsWith("text/calendar").contains("method=" + method);
        String ics = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        assertThat(calendar.getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo(method);
        assertThat(calendar.getComponents("VTIMEZONE")).hasSize(1);
        assertThat(calendar.getComponents("VTIMEZONE").get(0).getProperty(Property.TZID).orElseThrow().getValue())
                .isEqualTo("Europe/Berlin");
        List<VEvent> events = calendar.getComponents(VEvent.VEVENT);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static String value(VEvent event, String property) {
        return event.getProperty(property).orElseThrow().getValue();
    }

    interface MailFunction<T> {
        T apply(MimeMessage m) throws Exception;
    }

    static <T> T unchecked(MailFunction<T> f, MimeMessage m) {
        try {
            return f.apply(m);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
