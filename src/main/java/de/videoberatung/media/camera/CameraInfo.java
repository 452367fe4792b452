package de.videoberatung.media.camera;

import java.util.List;

/**
 * A camera the advisor can choose.
 *
 * @param name the camera's name, which is also its identity (webcam-capture matches cameras by name)
 * @param sizes the frame sizes offered for selection, smallest first
 * @param synthetic whether this is a "Testbild" camera
 */
public record CameraInfo(String name, List<VideoSize> sizes, boolean synthetic) {

    public CameraInfo {
        sizes = List.copyOf(sizes);
    }

    /** The size to open the camera at when the advisor has not chosen one: 1280x720 where offered. */
    public VideoSize preferredSize() {
        return sizes.contains(VideoSize.HD) ? VideoSize.HD
                : sizes.contains(VideoSize.VGA) ? VideoSize.VGA
                : sizes.get(sizes.size() - 1);
    }
}
