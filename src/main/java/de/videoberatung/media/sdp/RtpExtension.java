package de.videoberatung.media.sdp;

/**
 * One {@code a=extmap} line: an RTP header extension (RFC 8285) and the id it has on this m-line.
 */
public record RtpExtension(int id, String uri) {

    /** Absolute send time, which the browser's delay-based estimator (REMB) reads. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /**
     * Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01): one count over
     * all of a sender's packets, which the receiver's transport feedback reports arrival times for.
     */
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    static RtpExtension parse(String arg) {
        String[] f = arg.trim().split("\\s+");
        if (f.length < 2) {
            throw new SdpException("Malformed extmap: " + arg);
        }
        try {
            // The id may carry a direction ("2/sendrecv"); the engine does not use it.
            return new RtpExtension(Integer.parseInt(f[0].split("/")[0]), f[1]);
        } catch (NumberFormatException e) {
            throw new SdpException("Malformed extmap: " + arg);
        }
    }

    String toAttribute() {
        return "extmap:" + id + " " + uri;
    }
}
