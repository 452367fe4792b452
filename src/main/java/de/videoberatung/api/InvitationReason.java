package de.videoberatung.api;

/**
 * Why an invitation failed or waits ({@link InvitationStatus#reason()}); the server stores these codes, never a
 * mail server's reply (which can quote the address). docs/invitations.md says what each means.
 */
public enum InvitationReason {
    /** No connection to the mail server: retried with backoff, nothing is lost. */
    MAIL_SERVER_UNREACHABLE,
    /** The mail server answered "try later" (4xx): retried. */
    MAIL_SERVER_BUSY,
    /** The mail server refused the server's login (mail.smtp.user/password): retried until fixed. */
    MAIL_LOGIN_FAILED,
    /** The mail server refused the mail for good (5xx). */
    MAIL_REFUSED,
    /** The mail server refused the recipient's address. */
    RECIPIENT_REJECTED,
    /** The address cannot be used at all. */
    INVALID_ADDRESS,
    /** No connection to the SMS gateway: retried. */
    SMS_GATEWAY_UNREACHABLE,
    /** The SMS gateway answered "try later" (408, 429, 5xx): retried. */
    SMS_GATEWAY_BUSY,
    /** The SMS gateway refused the message for good. */
    SMS_REFUSED,
    /** The address or mobile number was removed before it went out. */
    NO_ADDRESS,
    /** The appointment was over before it could go out. */
    EXPIRED,
    /** A code this client does not know (a newer server). */
    OTHER;

    /** The reason a code names; {@link #OTHER} for an unknown one, null for none. */
    public static InvitationReason of(String code) {
        if (code == null) {
            return null;
        }
        for (InvitationReason r : values()) {
            if (r.name().equals(code)) {
                return r;
            }
        }
        return OTHER;
    }
}
