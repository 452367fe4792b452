package de.videoberatung.media.camera;

/** A camera problem the user can act on; {@link #reason()} selects the message shown. */
public final class CameraException extends Exception {

    /** What went wrong, from the user's point of view. */
    public enum Reason {
        /** No camera is connected. */
        NONE_FOUND,
        /** The camera is in use by another program. */
        BUSY,
        /** The camera was unplugged or stopped delivering pictures. */
        GONE,
        /** The camera driver failed. */
        DRIVER_FAILED,
        /** Listing or opening cameras took too long. */
        TIMEOUT
    }

    private final Reason reason;

    public CameraException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public CameraException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
