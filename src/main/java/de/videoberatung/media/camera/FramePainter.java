package de.videoberatung.media.camera;

import java.awt.image.BufferedImage;
import java.time.LocalTime;

/** Draws the frames of a synthetic Testbild camera. */
interface FramePainter {

    /**
     * Draws one frame as 3-byte BGR, what real webcam drivers hand out.
     *
     * @param nanos the frame's capture time on a monotonic clock, relative to any fixed origin
     * @param frameNumber counts frames from 1
     * @param wallClock the time of day printed into the picture
     */
    BufferedImage paint(VideoSize size, long nanos, long frameNumber, LocalTime wallClock);
}
