package de.videoberatung.media;

import java.util.Locale;
import org.jitsi.service.libjitsi.LibJitsi;

/**
 * libjitsi for the whole process. libjitsi, its audio systems and ice4j are process-wide and read their
 * settings from system properties once, at {@link LibJitsi#start()}: so there is exactly one place that
 * sets them and starts libjitsi, whoever needs it first (the device layer or the call engine). It is
 * never stopped while the process runs: stopping it would take the audio devices away from everyone.
 */
public final class MediaRuntime {

    /** VP8 target; libjitsi's default of 128 kbps makes libvpx shrink 640x480 to 320x240. */
    public static final int VIDEO_BITRATE_KBPS = 1000;

    /** The DTLS certificate's RSA key size. */
    public static final int DTLS_RSA_BITS = 3072;

    private static boolean started;

    private MediaRuntime() {
    }

    /** Sets libjitsi's properties (a value given on the command line wins) and starts it, once. Slow: not on the FX thread. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        // DTLS with an ECDSA certificate fails against Chrome (decode_error after our Finished).
        property("org.jitsi.impl.neomedia.transform.dtls.SIGNATURE_ALGORITHM", "SHA256withRSA");
        // So RSA at 3072 bits (BSI TR-02102-2 for keys in use beyond 2023; libjitsi's default is 2048). The
        // certificate is made once a day when the call engine starts, after the first rows are shown.
        property("org.jitsi.impl.neomedia.transform.dtls.RSA_KEY_SIZE", String.valueOf(DTLS_RSA_BITS));
        property("net.java.sip.communicator.impl.neomedia.video.bitrate", String.valueOf(VIDEO_BITRATE_KBPS));
        // The AWS mapping harvester probes a metadata address. IPv6 host candidates are offered (a phone on
        // an IPv6-only mobile network reaches an IPv6 advisor directly); link-local ones are of no use.
        property("ice4j.harvest.mapping.aws.enabled", "false");
        property("ice4j.harvest.use-ipv6", "true");
        property("ice4j.harvest.use-link-local-addresses", "false");
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            // libjnportaudio's PulseAudio host API is not linked against libpulse: without a PulseAudio
            // server it kills the JVM with an undefined symbol. Linux uses PulseAudio, Windows WASAPI.
            property("org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true");
        }
        LibJitsi.start();
        started = true;
    }

    private static void property(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
