package de.videoberatung.media.call;

/** Events of one call session, delivered on the session's own threads. */
public interface CallListener {

    default void stateChanged(MediaState state) {
    }

    default void statistics(CallStats stats) {
    }

    /**
     * A candidate the engine found after its answer (trickle ICE: the answer has the host candidates, the
     * STUN and TURN servers' ones follow), as the browser's {@code RTCIceCandidate.candidate} for the m-line
     * {@code mid}. It may come before {@code answer}/{@code renegotiate} has returned: send it after the answer.
     */
    default void localCandidate(String mid, String candidate) {
    }
}
