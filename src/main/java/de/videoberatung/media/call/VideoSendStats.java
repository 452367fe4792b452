package de.videoberatung.media.call;

/**
 * What the engine's video sender does and why, over the call so far.
 *
 * @param estimateKbps the rate controller's estimate of what the link carries (audio and video)
 * @param targetKbps the VP8 encoder's target
 * @param frameRate the frame rate the encoder is held to
 * @param width the encoded width
 * @param height the encoded height
 * @param suspended true while video is off because the link is too weak: only audio is sent
 * @param rembKbps the browser's latest receiver estimate (REMB), -1 if none came
 * @param keyFrameRequests key frames asked for and started: PLIs and new FIRs, and repairs of packets that can no
 *     longer be resent
 * @param keyFrameRequestsOnItsWay PLIs and new FIRs that came while a key frame was still on its way to the
 *     browser: not answered with another one
 * @param keyFramesSent key frames sent (requested, the first, and after size changes)
 * @param lastKeyFrameResponseMs from the latest request reaching the engine to the first packet of the next
 *     key frame leaving it (before SRTP), -1 if none
 * @param nackedPackets packets the browser reported lost (generic NACK)
 * @param retransmissions RTX packets sent in reply
 */
public record VideoSendStats(int estimateKbps, int targetKbps, double frameRate, int width, int height,
                             boolean suspended, long rembKbps, long keyFrameRequests,
                             long keyFrameRequestsOnItsWay, long keyFramesSent,
                             long lastKeyFrameResponseMs, long nackedPackets, long retransmissions) {

    public static final VideoSendStats NONE = new VideoSendStats(0, 0, 0, 0, 0, false, -1, 0, 0, 0, -1, 0, 0);
}
