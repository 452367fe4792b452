package de.videoberatung.media.audio;

import java.util.Optional;

/**
 * The advisor's device choices, remembered across restarts (camera, microphone, earphones).
 * Keys are the constants below; values are device ids or names.
 */
public interface DevicePreferences {

    String CAMERA = "camera";
    String CAMERA_SIZE = "camera.size";
    String MICROPHONE = "microphone";
    String EARPHONE = "earphone";

    Optional<String> get(String key);

    void put(String key, String value);
}
