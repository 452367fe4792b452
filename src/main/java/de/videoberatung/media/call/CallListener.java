package de.videoberatung.media.call;

/** Events of one call session, delivered on the session's own threads. */
public interface CallListener {

    default void stateChanged(MediaState state) {
    }

    default void statistics(CallStats stats) {
    }
}
