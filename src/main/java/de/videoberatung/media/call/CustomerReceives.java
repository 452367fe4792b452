package de.videoberatung.media.call;

/**
 * What the customer's browser says it receives from us, from its RTCP receiver reports about our
 * streams and its REMB: the advisor's view of the other direction.
 *
 * @param reports receiver reports about our streams so far; 0 means nothing is known yet
 * @param audioLossPercent share of our audio the browser lost, over its last reports ({@link LossWindow})
 * @param videoLossPercent share of our video the browser lost, over its last reports ({@link LossWindow})
 * @param packetsLost cumulative packets of ours (audio and video) the browser never received
 * @param audioJitterMs interarrival jitter of our audio at the browser
 * @param videoJitterMs interarrival jitter of our video at the browser
 * @param estimatedKbps the rate the browser estimates the path to it carries (REMB), or -1
 */
public record CustomerReceives(long reports, double audioLossPercent, double videoLossPercent, long packetsLost,
                               double audioJitterMs, double videoJitterMs, double estimatedKbps) {

    public static final CustomerReceives UNKNOWN = new CustomerReceives(0, 0, 0, 0, 0, 0, -1);

    public boolean known() {
        return reports > 0;
    }

    public double lossPercent() {
        return Math.max(audioLossPercent, videoLossPercent);
    }
}
