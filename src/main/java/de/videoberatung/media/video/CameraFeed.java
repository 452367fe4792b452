package de.videoberatung.media.video;

import java.awt.image.BufferedImage;

/**
 * The advisor's camera as the call engine sees it: the devices layer implements it on top of
 * webcam-capture (a real camera or the synthetic "Testbild" camera), the engine pulls from it
 * at its own frame rate.
 */
public interface CameraFeed {

    /** Width of the frames this feed delivers, in pixels. */
    int width();

    /** Height of the frames this feed delivers, in pixels. */
    int height();

    /** The rate the camera delivers frames at. */
    int frameRate();

    /**
     * The most recent camera image, or {@code null} while none is available (camera opening,
     * unplugged, switched off). Never blocks for longer than one frame interval.
     */
    BufferedImage latestImage();
}
