package de.videoberatung.api;

/** Why an appointment was cancelled (recorded with the cancellation; never free text, so never personal). */
public enum CancelReason {
    /** The customer asked to cancel or to move it. */
    CUSTOMER_REQUEST,
    /** The advisor cannot hold it (illness, another duty). */
    ADVISOR_UNAVAILABLE,
    /** The matter was settled otherwise. */
    NO_LONGER_NEEDED,
    /** Another reason. */
    OTHER
}
