package de.videoberatung.api;

/**
 * Why a customer did not take part. A missed job-centre appointment can have legal consequences
 * for the customer, so the reason is always recorded and a technical fault is kept apart from absence.
 */
public enum NoShowReason {
    /** The customer did not come. */
    CUSTOMER_ABSENT,
    /** The customer tried but had a technical problem on their side. */
    CUSTOMER_TECHNICAL,
    /** A technical problem on the job centre's side. */
    OUR_TECHNICAL
}
