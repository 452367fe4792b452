package de.videoberatung.media.video;

/**
 * Receives decoded remote video frames on the engine's decoder thread. Implementations must return
 * quickly: the JavaFX bridge keeps only the latest frame and hands it to the FX thread.
 */
@FunctionalInterface
public interface VideoFrameSink {

    void accept(VideoFrame frame);
}
