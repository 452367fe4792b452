package de.videoberatung.call;

import de.videoberatung.media.call.CallStats;

/**
 * What the call window hears about a running call. Methods are called on background threads (the
 * call's signalling thread or the engine's monitor thread): hand over to the FX thread, never block.
 */
public interface CallObserver {

    default void phaseChanged(CallPhase phase) {
    }

    /** Once a second while media is set up. */
    default void statistics(CallStats stats) {
    }

    /** Exactly once, after the call ended and released everything. */
    default void ended(CallEnd end) {
    }
}
