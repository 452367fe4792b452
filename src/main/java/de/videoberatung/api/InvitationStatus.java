package de.videoberatung.api;

import java.time.Instant;

/**
 * The state of the newest invitation, update or cancellation sent for an appointment.
 *
 * @param reason why it failed or waits, a code such as {@code MAIL_SERVER_UNREACHABLE} (docs/invitations.md),
 *               or null
 * @param at when the state was reached, or null for {@code NONE}
 */
public record InvitationStatus(InvitationState state, String reason, Instant at) {

    public static final InvitationStatus NONE = new InvitationStatus(InvitationState.NONE, null, null);
}
