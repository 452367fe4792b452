package de.videoberatung.media.call;

/**
 * Where the engine's media path of a call session is. Media-internal: the app's view of a call is
 * {@code call.CallPhase}, derived from this in one place ({@code call.ActiveCall}; checked by the
 * architecture test).
 */
public enum MediaState {
    /** Answer sent, ICE/DTLS/first media under way. */
    CONNECTING,
    /** Media arrives from the customer. */
    CONNECTED,
    /** No media for a few seconds ("Verbindung unterbrochen"); waiting for recovery or a fresh offer. */
    INTERRUPTED,
    /** Ended by hang-up; everything released. */
    ENDED,
    /** Could not be established, or interrupted for too long; everything released. */
    LOST;

    public boolean isFinal() {
        return this == ENDED || this == LOST;
    }
}
