package de.videoberatung.media.call;

import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.DtlsControl;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.SrtpControlType;

/**
 * Starts libjitsi the way the engine needs it. libjitsi and ice4j read their settings from system
 * properties, so they are set here, once, before {@link LibJitsi#start()}; a value already given
 * on the command line wins.
 */
final class LibJitsiSetup {

    /** Strong references: java.util.logging forgets levels of loggers nobody holds. */
    private static final List<java.util.logging.Logger> QUIETENED = List.of(
            java.util.logging.Logger.getLogger("org.jitsi"),
            java.util.logging.Logger.getLogger("org.ice4j"),
            java.util.logging.Logger.getLogger("net.sf.fmj"));
    private static final java.util.logging.Logger RTCP_TERMINATION =
            java.util.logging.Logger.getLogger("org.jitsi.utils.concurrent.RecurringRunnableExecutor");

    /** Logs libjitsi's own (wrong, see RoundTripClock) RTT on every RTCP report. */
    private static final java.util.logging.Logger STREAM_STATS =
            java.util.logging.Logger.getLogger("org.jitsi.impl.neomedia.MediaStreamStatsImpl");

    private LibJitsiSetup() {
    }

    static void configure(CallEngineConfig config) {
        // DTLS with an ECDSA certificate fails against Chrome (decode_error after our Finished).
        property("org.jitsi.impl.neomedia.transform.dtls.SIGNATURE_ALGORITHM", "SHA256withRSA");
        property("net.java.sip.communicator.impl.neomedia.video.bitrate", String.valueOf(config.videoBitrateKbps()));
        // The AWS mapping harvester probes a metadata address; IPv6 is not offered.
        property("ice4j.harvest.mapping.aws.enabled", "false");
        property("ice4j.harvest.use-ipv6", "false");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            // libjnportaudio's PulseAudio host API is not linked against libpulse: without a
            // PulseAudio server it kills the JVM with an undefined symbol. Linux uses PulseAudio.
            property("org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true");
        }
        for (java.util.logging.Logger l : QUIETENED) {
            l.setLevel(Level.WARNING);
        }
        // RTCPReceiverFeedbackTermination, built for a video bridge, expects an RTP translator: its
        // executor logs an NPE several times a second.
        RTCP_TERMINATION.setLevel(Level.OFF);
        STREAM_STATS.setLevel(Level.SEVERE);
    }

    private static void property(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** Starts libjitsi and makes the DTLS certificate (RSA-2048 takes about a second), once. */
    static MediaService start() {
        LibJitsi.start();
        MediaService service = LibJitsi.getMediaService();
        DtlsControl warmUp = (DtlsControl) service.createSrtpControl(SrtpControlType.DTLS_SRTP);
        warmUp.getLocalFingerprint();
        warmUp.cleanup(null);
        return service;
    }
}
