package de.videoberatung.server.invitations;

/** What a message to the customer says. */
enum MessageKind {
    INVITATION, UPDATE, CANCELLATION, REMINDER;

    /** Whether it carries a calendar entry (METHOD:REQUEST, or CANCEL for a cancellation). */
    boolean hasCalendar() {
        return this != REMINDER;
    }
}
