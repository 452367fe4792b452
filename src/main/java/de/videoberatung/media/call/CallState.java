package de.videoberatung.media.call;

/** Where a call session is; the call window shows it. */
public enum CallState {
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
