package de.videoberatung.server.invitations;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How the server reaches customers: SMTP for mail, an HTTP gateway for SMS, when reminders go out.
 *
 * @param smtpHost {@code mail.smtp.host}; null: no mails are planned or sent
 * @param smtpPort {@code mail.smtp.port}
 * @param startTls {@code mail.smtp.starttls}: require STARTTLS before authenticating and sending
 * @param smtpUser {@code mail.smtp.user}; null: no authentication
 * @param smtpPassword {@code mail.smtp.password}
 * @param from {@code mail.from}: sender and iCalendar ORGANIZER; required with a host
 * @param contact {@code mail.contact}: how to cancel or reach the Jobcenter, one line in every message
 * @param smsGatewayUrl {@code sms.gateway.url}; null: no SMS
 * @param smsGatewayToken {@code sms.gateway.token}: sent as a bearer token; null: none
 * @param reminderOffsets {@code reminder.offsets}: a reminder this long before each start
 * @param retryFirst first wait after a mail server or gateway could not be reached
 * @param retryMax longest wait between attempts
 */
public record InvitationOptions(
        String smtpHost,
        int smtpPort,
        boolean startTls,
        String smtpUser,
        String smtpPassword,
        String from,
        String contact,
        URI smsGatewayUrl,
        String smsGatewayToken,
        List<Duration> reminderOffsets,
        Duration retryFirst,
        Duration retryMax) {

    public static final List<Duration> DEFAULT_REMINDERS = List.of(Duration.ofDays(1), Duration.ofHours(1));

    public InvitationOptions {
        reminderOffsets = List.copyOf(reminderOffsets);
        if (smtpHost != null && (from == null || from.isBlank())) {
            throw new IllegalArgumentException("mail.from is required with mail.smtp.host");
        }
        if (reminderOffsets.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("reminder.offsets must be positive durations");
        }
    }

    /** Nothing is sent: no mail server, no gateway (the demo, and a server not yet configured). */
    public static InvitationOptions off() {
        return new InvitationOptions(null, 587, true, null, null, null, null, null, null, DEFAULT_REMINDERS,
                Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    public boolean mailOn() {
        return smtpHost != null;
    }

    public boolean smsOn() {
        return smsGatewayUrl != null;
    }

    public InvitationOptions withMail(String host, int port, boolean tls, String user, String password,
                                      String sender) {
        return new InvitationOptions(host, port, tls, user, password, sender, contact, smsGatewayUrl,
                smsGatewayToken, reminderOffsets, retryFirst, retryMax);
    }

    public InvitationOptions withContact(String value) {
        return new InvitationOptions(smtpHost, smtpPort, startTls, smtpUser, smtpPassword, from, value,
                smsGatewayUrl, smsGatewayToken, reminderOffsets, retryFirst, retryMax);
    }

    public InvitationOptions withSms(URI url, String token) {
        return new InvitationOptions(smtpHost, smtpPort, startTls, smtpUser, smtpPassword, from, contact, url,
                token, reminderOffsets, retryFirst, retryMax);
    }

    public InvitationOptions withReminders(List<Duration> offsets) {
        return new InvitationOptions(smtpHost, smtpPort, startTls, smtpUser, smtpPassword, from, contact,
                smsGatewayUrl, smsGatewayToken, offsets, retryFirst, retryMax);
    }

    public InvitationOptions withRetry(Duration first, Duration max) {
        return new InvitationOptions(smtpHost, smtpPort, startTls, smtpUser, smtpPassword, from, contact,
                smsGatewayUrl, smsGatewayToken, reminderOffsets, first, max);
    }
}
