package de.videoberatung.media.audio;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises headsets by what the audio system tells about a device: its name, its system id (on
 * Linux the PulseAudio name, e.g. {@code alsa_input.usb-Jabra_...} or {@code bluez_sink...}) and its
 * transport. The rules are documented in docs/devices.md; the score orders devices for automatic
 * choice and fallback.
 */
public final class HeadsetHeuristics {

    /** Words that name a headset in English and German device names. */
    private static final List<String> HEADSET_WORDS = List.of(
            "headset", "headphone", "kopfhörer", "kopfhoerer", "earphone", "earbud", "hands-free", "handsfree",
            "hörer");
    /** Makers whose audio devices are, in an office, headsets or speakerphones worn at the desk. */
    private static final List<String> HEADSET_BRANDS = List.of(
            "jabra", "plantronics", "poly ", "poly_", "sennheiser", "epos", "logitech h", "logitech_h",
            "logitech zone", "hyperx", "beyerdynamic", "koss", "corsair");
    private static final List<String> BLUETOOTH = List.of("bluez", "bluetooth", "bthhfenum", "hands-free ag");
    private static final List<String> NOT_A_HEADSET = List.of(
            "webcam", "camera", "kamera", "hdmi", "displayport", "monitor of", "lautsprecher", "speaker");

    static final int HEADSET_THRESHOLD = 50;

    private HeadsetHeuristics() {
    }

    /** Higher is more likely the advisor's headset; at or above {@value #HEADSET_THRESHOLD} counts as one. */
    public static int score(AudioDevice device) {
        String text = (device.name() + " " + device.id() + " " + device.transport()).toLowerCase(Locale.ROOT);
        int score = 0;
        if (containsAny(text, HEADSET_WORDS)) {
            score += 100;
        }
        if (containsAny(text, HEADSET_BRANDS)) {
            score += 80;
        }
        if (containsAny(text, BLUETOOTH)) {
            score += 50;
        }
        if (text.contains("usb")) {
            score += 30; // a USB audio device is often a headset, but also a webcam microphone
        }
        if (containsAny(text, NOT_A_HEADSET)) {
            score -= 60;
        }
        return score;
    }

    public static boolean isHeadset(AudioDevice device) {
        return score(device) >= HEADSET_THRESHOLD;
    }

    /** The device to use when the advisor has not chosen: the likeliest headset, else the first listed. */
    public static Optional<AudioDevice> best(List<AudioDevice> devices) {
        return devices.stream().filter(HeadsetHeuristics::isHeadset)
                .max(Comparator.comparingInt(HeadsetHeuristics::score))
                .or(() -> devices.stream().findFirst());
    }

    private static boolean containsAny(String text, List<String> words) {
        return words.stream().anyMatch(text::contains);
    }
}
