package de.videoberatung.server.invitations;

import de.videoberatung.api.InvitationReason;

/**
 * A message that did not go out. {@code code} is what the outbox stores and the queue shows (docs/invitations.md);
 * it never carries the server's reply text, which can quote the recipient's address.
 */
final class SendFailure extends Exception {

    private final InvitationReason reason;
    private final boolean temporary;

    SendFailure(InvitationReason reason, boolean temporary, Throwable cause) {
        super(reason.name(), cause, false, false);
        this.reason = reason;
        this.temporary = temporary;
    }

    /** The reason code the outbox stores, such as {@code MAIL_SERVER_UNREACHABLE}. */
    String code() {
        return reason.name();
    }

    /** Worth trying again later (the server is down or busy); otherwise the message failed for good. */
    boolean temporary() {
        return temporary;
    }
}
