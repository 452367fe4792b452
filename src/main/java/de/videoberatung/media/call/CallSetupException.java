package de.videoberatung.media.call;

/**
 * A call could not be set up: the browser's offer is unusable, or the media stack could not open
 * a device or socket. The call window shows {@code call.error.setup}; the log has the detail.
 */
public class CallSetupException extends Exception {

    public CallSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
