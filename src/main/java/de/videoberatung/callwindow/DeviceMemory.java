package de.videoberatung.callwindow;

import de.videoberatung.media.audio.DevicePreferences;
import java.util.Objects;

/**
 * Remembers the camera and headset of the last call in the device preferences, so the next call can offer
 * the Geräte-Check first when something changed (a new headset, another camera).
 */
public final class DeviceMemory {

    static final String LAST_CAMERA = "call.last.camera";
    static final String LAST_MICROPHONE = "call.last.microphone";
    static final String LAST_EARPHONE = "call.last.earphone";

    /** The devices a call would use; a part is null where there is no such device. */
    public record DeviceSet(String camera, String microphone, String earphone) {
    }

    private final DevicePreferences preferences;

    public DeviceMemory(DevicePreferences preferences) {
        this.preferences = preferences;
    }

    /** Whether these devices differ from the last call's; false before the first call (nothing to compare). */
    public boolean changedSinceLastCall(DeviceSet now) {
        if (preferences.get(LAST_CAMERA).isEmpty() && preferences.get(LAST_MICROPHONE).isEmpty()
                && preferences.get(LAST_EARPHONE).isEmpty()) {
            return false;
        }
        return differs(LAST_CAMERA, now.camera()) || differs(LAST_MICROPHONE, now.microphone())
                || differs(LAST_EARPHONE, now.earphone());
    }

    private boolean differs(String key, String now) {
        return !preferences.get(key).orElse("").equals(Objects.toString(now, ""));
    }

    public void remember(DeviceSet used) {
        preferences.put(LAST_CAMERA, Objects.toString(used.camera(), ""));
        preferences.put(LAST_MICROPHONE, Objects.toString(used.microphone(), ""));
        preferences.put(LAST_EARPHONE, Objects.toString(used.earphone(), ""));
    }
}
