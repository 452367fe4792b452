package de.videoberatung.media.call;

/**
 * One direction of one medium over the last statistics interval.
 *
 * @param packets RTP packets since the call started
 * @param bytes RTP bytes since the call started
 * @param bitrateKbps RTP bitrate over the last interval
 * @param lossPercent packet loss as reported by RTCP (the receiver's view)
 * @param jitterMs interarrival jitter as reported by RTCP
 * @param frames video frames decoded (inbound) or captured and encoded (outbound); 0 for audio
 * @param frameRate video frames per second over the last interval
 * @param width video width of the last frame, 0 for audio
 * @param height video height of the last frame, 0 for audio
 */
public record StreamStats(long packets, long bytes, double bitrateKbps, double lossPercent, double jitterMs,
                          long frames, double frameRate, int width, int height) {

    public static final StreamStats NONE = new StreamStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
