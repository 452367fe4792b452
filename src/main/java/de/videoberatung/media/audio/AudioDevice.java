package de.videoberatung.media.audio;

/**
 * A microphone or an earphone/loudspeaker output as the audio system lists it.
 *
 * @param id the audio system's locator ("pulseaudio:alsa_input.usb-Jabra...", "wasapi:{...}"): stable
 *     across restarts, so it is what the advisor's choice is remembered by
 * @param name the name shown to the advisor
 * @param direction capture (microphone) or playback (earphones, loudspeakers)
 * @param transport the transport the audio system reports ("USB", "Bluetooth"), or an empty string
 */
public record AudioDevice(String id, String name, Direction direction, String transport) {

    public enum Direction { CAPTURE, PLAYBACK }

    public AudioDevice {
        transport = transport == null ? "" : transport;
    }

    /** Whether name and transport say this is (part of) a headset; see {@link HeadsetHeuristics}. */
    public boolean headset() {
        return HeadsetHeuristics.isHeadset(this);
    }
}
