package de.videoberatung.testsupport.netlab;

/**
 * What a shaped link does to packets, the same in both directions.
 *
 * @param name short name for reports
 * @param rateKbps link rate from the kernel's tbf (queue of 200 ms at that rate, tail drop); 0: unlimited
 * @param delayMs one-way delay added by the relay
 * @param jitterMs the one-way delay varies uniformly within ± this (packets keep their order)
 * @param lossPercent random loss per packet and direction
 */
public record LinkProfile(String name, int rateKbps, int delayMs, int jitterMs, double lossPercent) {

    /** No shaping at all: the relay copies at once (still the namespace's only way out). */
    public static final LinkProfile UNSHAPED = new LinkProfile("unshaped", 0, 0, 0, 0);
    /** (a) a good fixed line: 2 Mbit/s, 40 ms. */
    public static final LinkProfile A = new LinkProfile("a 2Mbit 40ms", 2000, 40, 0, 0);
    /** (b) an ordinary mobile connection: 500 kbit/s, 80 ms, 2 % loss. */
    public static final LinkProfile B = new LinkProfile("b 500k 80ms 2%", 500, 80, 0, 2);
    /** (c) a poor mobile connection: 300 kbit/s, 150 ± 30 ms, 5 % loss. */
    public static final LinkProfile C = new LinkProfile("c 300k 150+-30ms 5%", 300, 150, 30, 5);

    public LinkProfile {
        if (rateKbps < 0 || delayMs < 0 || jitterMs < 0 || jitterMs > delayMs || lossPercent < 0 || lossPercent >= 100) {
            throw new IllegalArgumentException("impossible link profile: " + this);
        }
    }
}
