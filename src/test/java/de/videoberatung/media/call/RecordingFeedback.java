package de.videoberatung.media.call;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A feedback channel for tests: a fixed SSRC and round trip, and every RTCP packet sent, in order. */
final class RecordingFeedback implements FeedbackChannel {

    final List<byte[]> sent = new CopyOnWriteArrayList<>();
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
        sent.add(rtcp);
    }

    @Override
    public long rttMillis() {
        return rttMillis;
    }
}
