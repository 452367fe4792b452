package de.videoberatung.media.call;

/** The way back to a stream's sender for RTCP feedback the receive side generates. */
interface FeedbackChannel {

    /** Our SSRC on this stream (the feedback's sender SSRC). */
    long localSsrc();

    /** Sends one clear-text RTCP packet; it is encrypted on its way out. Never blocks. */
    void send(byte[] rtcp);

    /** The current round trip to the sender in milliseconds, or a negative value while unknown. */
    long rttMillis();
}
