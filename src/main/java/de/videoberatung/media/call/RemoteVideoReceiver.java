package de.videoberatung.media.call;

import de.videoberatung.media.video.VideoFrame;
import de.videoberatung.media.video.VideoFrameSink;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.service.neomedia.RawPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's video, from decrypted RTP to pixels: packets go into the {@link VideoJitterBuffer} on
 * libjitsi's receive thread (cheap), which asks for repair over {@link FeedbackChannel}; a repair timer
 * re-asks and gives up on time; whole frames wait in the {@link VideoPlayout} for their playout time (so a
 * repair within the delay does not stall the picture) and are decoded on the session's decoder thread, so a
 * slow decode never stalls RTP. Every frame must be decoded (VP8 inter frames depend on their predecessors),
 * so frames queue rather than being dropped; the sink itself keeps only the latest picture.
 */
final class RemoteVideoReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteVideoReceiver.class);
    private static final long REPAIR_TICK_MILLIS = 20;
    /** Receiver reports about the browser's video go this often (libwebrtc's video interval). */
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    private final int payloadType;
    private final int rtxPayloadType;
    private final VideoFrameSink sink;
    private final Executor decoderThread;
    private final FeedbackChannel feedback;
    private final VideoJitterBuffer buffer;
    /** Guarded by {@link #buffer}, as the buffer that feeds it. */
    private final VideoPlayout playout = new VideoPlayout();
    private final ScheduledExecutorService repairThread;
    /** When the next playout release is scheduled, or {@link Long#MAX_VALUE}; guarded by {@link #buffer}. */
    private long releaseScheduledFor = Long.MAX_VALUE;
    /** Set when the stream is torn down: nothing more goes to the decoder; guarded by {@link #buffer}. */
    private boolean stopped;
    /** Null when abs-send-time was not negotiated: no delay-based estimate without it. */
    private final RembSender remb;
    private final ScheduledFuture<?> repairTimer;
    /** Guarded by itself: packets on the receive thread, reports on the repair timer. */
    private final ReceiveStatistics reception = new ReceiveStatistics(90000);
    private long reportedAt;
    /** Made on the decoder thread by the first frame; only that thread touches it. */
    private Vp8Decoder decoder;
    private final AtomicLong framesDecoded = new AtomicLong();
    private volatile long mediaSsrc = -1;
    private volatile int width;
    private volatile int height;

    /**
     * @param rtxPayloadType the RTX payload type whose {@code apt} is {@code payloadType}, or -1
     * @param absSendTimeId the negotiated abs-send-time extension id for REMB, or -1 to send none
     * @param repairThread runs the buffer's repair timer and the periodic REMB
     */
    RemoteVideoReceiver(int payloadType, int rtxPayloadType, int absSendTimeId, VideoFrameSink sink,
                        Executor decoderThread, ScheduledExecutorService repairThread, FeedbackChannel feedback) {
        this.payloadType = payloadType;
        this.rtxPayloadType = rtxPayloadType;
        this.sink = sink;
        this.decoderThread = decoderThread;
        this.feedback = feedback;
        this.repairThread = repairThread;
        this.remb = absSendTimeId > 0 ? new RembSender(feedback, absSendTimeId) : null;
        this.buffer = new VideoJitterBuffer(new VideoJitterBuffer.Output() {
            @Override
            public void frame(Vp8Depacketizer.Frame frame, VideoPlayout.Arrival arrival) {
                playout.add(System.nanoTime(), frame, arrival);
            }

            @Override
            public void nack(long ssrc, long[] seqs) {
                feedback.send(RtcpFeedback.nack(feedback.localSsrc(), ssrc, seqs));
            }

            @Override
            public void keyFrameRequest(long ssrc) {
                feedback.send(RtcpFeedback.pli(feedback.localSsrc(), ssrc));
            }
        }, feedback::rttMillis);
        this.repairTimer = repairThread.scheduleWithFixedDelay(this::tick, REPAIR_TICK_MILLIS, REPAIR_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Called by libjitsi's receive thread for every decrypted inbound RTP packet of the video stream. */
    void onRtp(RawPacket pkt) {
        int pt = pkt.getPayloadType() & 0x7f;
        byte[] buf = pkt.getBuffer();
        int off = pkt.getPayloadOffset();
        int len = pkt.getPayloadLength(true);
        int seq = pkt.getSequenceNumber();
        long ssrc = pkt.getSSRCAsLong();
        if (remb != null && (pt == payloadType || pt == rtxPayloadType)) {
            remb.onRtp(pkt);
        }
        if (pt == rtxPayloadType && rtxPayloadType >= 0) {
            // RFC 4588: the original sequence number, then the original payload; padding-only probes carry none.
            long media = mediaSsrc;
            if (len < 2 || media < 0) {
                return;
            }
            seq = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
            off += 2;
            len -= 2;
            if (len == 0) {
                return;
            }
            ssrc = media;
        } else if (pt == payloadType) {
            mediaSsrc = ssrc;
            synchronized (reception) {
                reception.received(ssrc, seq, pkt.getTimestamp(), System.nanoTime());
            }
        } else {
            return;
        }
        synchronized (buffer) {
            buffer.push(System.nanoTime(), ssrc, seq, pkt.getTimestamp(), pkt.isPacketMarked(), buf, off, len);
            play(System.nanoTime());
        }
    }

    /** Called by libjitsi's receive thread for every decrypted inbound RTCP compound packet of the video leg. */
    void onRtcp(byte[] buf, int off, int len) {
        long now = System.nanoTime();
        for (RtcpPacket p : RtcpPacket.parse(buf, off, len)) {
            if (p instanceof RtcpPacket.SenderReport sr) {
                synchronized (reception) {
                    reception.senderReport(sr.senderSsrc(), sr.ntpTimestamp(), now);
                }
            }
        }
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            synchronized (buffer) {
                buffer.tick(now);
                play(now);
            }
            if (now - reportedAt >= REPORT_INTERVAL_NANOS) {
                byte[] report;
                synchronized (reception) {
                    report = reception.receiverReport(feedback.localSsrc(), now);
                }
                if (report != null) {
                    reportedAt = now;
                    feedback.send(report);
                }
            }
            if (remb != null) {
                remb.tick(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("Video repair tick failed", e);
        }
    }

    /** Hands the frames whose playout time has come to the decoder; schedules the next release. Holds {@link #buffer}. */
    private void play(long now) {
        if (stopped) {
            return;
        }
        playout.release(now, this::toDecoder);
        long due = playout.nextDueNanos();
        if (due == Long.MAX_VALUE || due >= releaseScheduledFor) {
            return;
        }
        releaseScheduledFor = due;
        try {
            repairThread.schedule(this::scheduledRelease, Math.max(0, due - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Video playout after the call ended");
        }
    }

    private void scheduledRelease() {
        try {
            synchronized (buffer) {
                releaseScheduledFor = Long.MAX_VALUE;
                play(System.nanoTime());
            }
        } catch (RuntimeException e) {
            LOG.warn("Video playout failed", e);
        }
    }

    private void toDecoder(Vp8Depacketizer.Frame frame) {
        try {
            decoderThread.execute(() -> decode(frame));
        } catch (RejectedExecutionException e) {
            LOG.debug("Video frame arrived after the call ended");
        }
    }

    private void decode(Vp8Depacketizer.Frame frame) {
        if (decoder == null) {
            decoder = new Vp8Decoder();
        }
        VideoFrame picture = decoder.decode(frame.data());
        if (picture == null) {
            LOG.debug("libvpx rejected a {} frame", frame.keyFrame() ? "key" : "delta");
            synchronized (buffer) {
                playout.clear();
                buffer.decoderFailed(System.nanoTime());
            }
            return;
        }
        width = picture.width();
        height = picture.height();
        framesDecoded.incrementAndGet();
        sink.accept(picture);
    }

    long framesDecoded() {
        return framesDecoded.get();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The buffer's repair counters: NACKed sequence numbers, packets repaired, skips, key-frame requests; the playout delay. */
    RepairCounters repairCounters() {
        synchronized (buffer) {
            return new RepairCounters(buffer.nacksSent(), buffer.packetsRepaired(), buffer.skips(),
                    buffer.keyFrameRequests(), playout.delayMillis());
        }
    }

    /** The bandwidth estimate last sent to the browser (REMB) in bit/s, or -1. */
    long estimateSentBps() {
        return remb == null ? -1 : remb.lastSentBps();
    }

    record RepairCounters(long nacksSent, long packetsRepaired, long skips, long keyFrameRequests,
                          long playoutDelayMillis) {
    }

    /** Stops the repair timer at once; frees the decoder, which must run on the decoder thread or after it ended. */
    @Override
    public void close() {
        stopRepair();
        if (decoder != null) {
            decoder.close();
        }
    }

    /** Stops asking the sender for anything (the stream is being torn down). */
    void stopRepair() {
        repairTimer.cancel(false);
        synchronized (buffer) {
            stopped = true;
            playout.clear();
        }
    }
}
