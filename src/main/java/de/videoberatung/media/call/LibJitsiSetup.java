package de.videoberatung.media.call;

import de.videoberatung.media.MediaRuntime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.DtlsControl;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.SrtpControlType;

/**
 * Starts libjitsi the way the engine needs it (through {@link MediaRuntime}, the one owner of its
 * start and properties) and quietens its logging.
 */
final class LibJitsiSetup {

    /** Strong references: java.util.logging forgets levels of loggers nobody holds. */
    private static final List<Logger> QUIETENED = List.of(
            Logger.getLogger("org.jitsi"),
            Logger.getLogger("org.ice4j"),
            Logger.getLogger("net.sf.fmj"));
    private static final Logger RTCP_TERMINATION =
            Logger.getLogger("org.jitsi.utils.concurrent.RecurringRunnableExecutor");

    /** Logs libjitsi's own (wrong, see RoundTripClock) RTT on every RTCP report. */
    private static final Logger STREAM_STATS =
            Logger.getLogger("org.jitsi.impl.neomedia.MediaStreamStatsImpl");

    private LibJitsiSetup() {
    }

    /** Quietens libjitsi's logging; its properties are set by {@link MediaRuntime}. */
    static void configure() {
        for (Logger l : QUIETENED) {
            l.setLevel(Level.WARNING);
        }
        // RTCPReceiverFeedbackTermination, built for a video bridge, expects an RTP translator: its
        // executor logs an NPE several times a second.
        RTCP_TERMINATION.setLevel(Level.OFF);
        STREAM_STATS.setLevel(Level.SEVERE);
    }

    /** Starts libjitsi (if the devices have not yet) and makes the DTLS certificate (RSA-3072: a few seconds on a slow PC). */
    static MediaService start() {
        MediaRuntime.start();
        MediaService service = LibJitsi.getMediaService();
        DtlsControl warmUp = (DtlsControl) service.createSrtpControl(SrtpControlType.DTLS_SRTP);
        warmUp.getLocalFingerprint();
        warmUp.cleanup(null);
        return service;
    }
}
