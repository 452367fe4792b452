package de.videoberatung.media.camera;

/**
 * Something that happened to the cameras, for notices and status displays.
 *
 * @param kind what happened
 * @param camera the camera concerned
 * @param replacement the camera now in use instead, or {@code null}
 * @param failure the reason for {@link Kind#OPEN_FAILED}, otherwise {@code null}
 */
public record CameraEvent(Kind kind, String camera, String replacement, CameraException.Reason failure) {

    public enum Kind {
        /** A camera was plugged in. */
        ADDED,
        /** A camera that was not in use was unplugged. */
        REMOVED,
        /** A camera was opened and delivers frames. */
        OPENED,
        /** The camera in use was unplugged or stopped; {@code replacement} is in use now, or none. */
        IN_USE_LOST,
        /** Opening a camera failed. */
        OPEN_FAILED,
        /** The camera was closed on request. */
        CLOSED
    }

    static CameraEvent of(Kind kind, String camera) {
        return new CameraEvent(kind, camera, null, null);
    }
}
