package de.videoberatung.server.invitations;

/**
 * A message that did not go out. {@code code} is what the outbox stores and the queue shows (docs/invitations.md);
 * it never carries the server's reply text, which can quote the recipient's address.
 */
final class SendFailure extends Exception {

    private final String code;
    private final boolean temporary;

    SendFailure(String code, boolean temporary, Throwable cause) {
        super(code, cause, false, false);
        this.code = code;
        this.temporary = temporary;
    }

    /** A reason code such as {@code MAIL_SERVER_UNREACHABLE}. */
    String code() {
        return code;
    }

    /** Worth trying again later (the server is down or busy); otherwise the message failed for good. */
    boolean temporary() {
        return temporary;
    }
}
