package de.videoberatung.media.audio;

/**
 * Something that happened to the audio devices, for notices and status displays.
 *
 * @param kind what happened
 * @param device the device concerned, or {@code null} for {@link Kind#AUDIO_SYSTEM_MISSING}
 * @param replacement for {@link Kind#IN_USE_LOST}: the device used now, or {@code null} if none is left
 */
public record AudioEvent(Kind kind, AudioDevice device, AudioDevice replacement) {

    public enum Kind {
        /** No audio server or driver; calls can only go without sound. */
        AUDIO_SYSTEM_MISSING,
        /** Devices were plugged in or out. */
        DEVICES_CHANGED,
        /** A device was put to use: chosen by the advisor, remembered, or picked at start. */
        SELECTED,
        /** A headset was plugged in and taken into use. */
        HEADSET_TAKEN,
        /** A headset was plugged in; the advisor's own choice stays in use. */
        HEADSET_AVAILABLE,
        /** The device in use went away; {@code replacement} is used now. */
        IN_USE_LOST
    }

    static AudioEvent of(Kind kind, AudioDevice device) {
        return new AudioEvent(kind, device, null);
    }
}
