package de.videoberatung.server.invitations;

import de.videoberatung.api.InvitationReason;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends mails over SMTP (Jakarta Mail): one connection kept open for a batch, closed when the batch ends or a
 * send fails. Failures become {@link SendFailure}s with a reason code; nothing of the server's reply is logged.
 */
final class MailSender implements AutoCloseable {

    private static final String TIMEOUT_MS = "10000";

    private final InvitationOptions options;
    private final Session session;
    private Transport transport;

    MailSender(InvitationOptions options) {
        this.options = options;
        Properties p = new Properties();
        p.put("mail.smtp.host", options.smtpHost());
        p.put("mail.smtp.port", Integer.toString(options.smtpPort()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(options.startTls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(options.startTls()));
        p.put("mail.smtp.auth", Boolean.toString(options.smtpUser() != null));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        p.put("mail.smtp.from", options.from());
        this.session = Session.getInstance(p);
    }

    /** A mail with a text and, for an invitation, update or cancellation, the calendar entry. */
    record Outgoing(String to, String subject, String body, String ics, boolean cancel) {
    }

    void send(Outgoing mail, Instant now) throws SendFailure {
        MimeMessage message;
        try {
            message = message(mail, now);
        } catch (MessagingException e) {
            // Only the addresses can make a message unbuildable: the texts are ours.
            throw new SendFailure(InvitationReason.INVALID_ADDRESS, false, e);
        }
        try {
            if (transport == null || !transport.isConnected()) {
                close();
                transport = session.getTransport("smtp");
                transport.connect(options.smtpHost(), options.smtpPort(), options.smtpUser(),
                        options.smtpPassword());
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            close();
            throw classify(e);
        }
    }

    private MimeMessage message(Outgoing mail, Instant now) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(options.from(), true));
        message.setRecipients(Message.RecipientType.TO, new Address[] {new InternetAddress(mail.to().trim(), true)});
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(Date.from(now));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.body(), "UTF-8");
        if (mail.ics() == null) {
            message.setContent(new MimeMultipart(text));
        } else {
            String method = mail.cancel() ? "CANCEL" : "REQUEST";
            MimeBodyPart calendar = new MimeBodyPart();
            calendar.setContent(mail.ics(), "text/calendar; charset=UTF-8; method=" + method);
            calendar.setFileName(mail.cancel() ? "absage.ics" : "termin.ics");
            message.setContent(new MimeMultipart(text, calendar));
        }
        message.saveChanges();
        return message;
    }

    private static SendFailure classify(MessagingException e) {
        if (e instanceof AuthenticationFailedException) {
            return new SendFailure(InvitationReason.MAIL_LOGIN_FAILED, true, e);
        }
        int code = replyCode(e);
        if (code >= 500) {
            return new SendFailure(e instanceof SendFailedException s && s.getInvalidAddresses() != null
                    && s.getInvalidAddresses().length > 0 || addressFailure(e) ? InvitationReason.RECIPIENT_REJECTED
                    : InvitationReason.MAIL_REFUSED, false, e);
        }
        if (code >= 400) {
            return new SendFailure(InvitationReason.MAIL_SERVER_BUSY, true, e);
        }
        return new SendFailure(InvitationReason.MAIL_SERVER_UNREACHABLE, true, e);
    }

    /** The SMTP reply code of the failure or of a failure nested in it; 0 without one (no connection). */
    private static int replyCode(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (x instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
        }
        return 0;
    }

    private static boolean addressFailure(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // The connection is gone either way; the next send opens a new one.
            }
            transport = null;
        }
    }
}
