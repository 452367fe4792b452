package de.videoberatung.server.invitations;

/** How a message reaches the customer. */
enum Medium {
    MAIL, SMS
}
