package de.videoberatung.media.sdp;

/** A session description that cannot be parsed or answered. */
public class SdpException extends RuntimeException {

    public SdpException(String message) {
        super(message);
    }
}
