package de.videoberatung.media.audio;

/** An audio problem the user can act on; {@link #reason()} selects the message shown. */
public final class AudioException extends Exception {

    public enum Reason {
        /** No audio server or driver (e.g. PulseAudio not running). */
        NO_AUDIO_SYSTEM,
        /** The device is gone or cannot be opened. */
        DEVICE_UNAVAILABLE
    }

    private final Reason reason;

    public AudioException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
