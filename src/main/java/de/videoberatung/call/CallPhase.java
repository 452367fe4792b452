package de.videoberatung.call;

/**
 * Where a call stands, as the call window shows it: the app's phase, which {@link ActiveCall} derives from
 * the signalling and the engine's media state ({@code media.call.MediaState}), which no one else reads.
 */
public enum CallPhase {
    /** The advisor started the call; the customer's page is setting up its camera and offer. */
    INVITING,
    /** The customer's offer is answered; connection and first media are under way. */
    CONNECTING,
    /** Media flows both ways. */
    CONNECTED,
    /** "Verbindung unterbrochen": no media for a few seconds on either side; recovering. */
    INTERRUPTED,
    /** The customer's page went away (closed, reloading, network); they may come back with their link. */
    CUSTOMER_AWAY,
    /** Over; {@link ActiveCall#end()} says how. Everything is released. */
    ENDED;
}
