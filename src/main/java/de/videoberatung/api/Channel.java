package de.videoberatung.api;

/** How an appointment is held. Only video appointments have a customer join link. */
public enum Channel {
    VIDEO,
    PHONE,
    ON_SITE
}
