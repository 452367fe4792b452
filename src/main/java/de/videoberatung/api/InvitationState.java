package de.videoberatung.api;

/** Where an appointment's invitation stands (the queue shows it). */
public enum InvitationState {
    /** Nothing to send: not a video appointment, no e-mail or mobile number, or no mail server configured. */
    NONE,
    /** Waiting in the server's outbox; with a reason while the mail server cannot be reached. */
    PENDING,
    /** Accepted by the mail server (or the SMS gateway). */
    SENT,
    /** Refused for good, with the reason. */
    FAILED
}
