package de.videoberatung.media.call;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A feedback channel for tests: a fixed SSRC and round trip, and every RTCP packet sent, in order: the periodic
 * receiver reports apart from the feedback messages (NACK, PLI, REMB), whose counts the tests assert.
 */
final class RecordingFeedback implements FeedbackChannel {

    final List<byte[]> sent = new CopyOnWriteArrayList<>();
    final List<byte[]> receiverReports = new CopyOnWriteArrayList<>();
    private final long ssrc;
    private final long rttMillis;

    RecordingFeedback(long ssrc, long rttMillis) {
        this.ssrc = ssrc;
        this.rttMillis = rttMillis;
    }

    @Override
    public long localSsrc() {
        return ssrc;
    }

    @Override
    public void send(byte[] rtcp) {
        (rtcp.length > 1 && (rtcp[1] & 0xff) == RtcpPacket.RR ? receiverReports : sent).add(rtcp);
    }

    @Override
    public long rttMillis() {
        return rttMillis;
    }
}
