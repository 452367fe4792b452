package de.videoberatung.media.call;

import de.videoberatung.media.video.VideoFrame;
import de.videoberatung.media.video.VideoFrameSink;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jitsi.service.neomedia.RawPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's video, from decrypted RTP to pixels: frames are reassembled on libjitsi's receive
 * thread (cheap) and decoded on the session's decoder thread, so a slow decode never stalls RTP.
 * Every frame must be decoded (VP8 inter frames depend on their predecessors), so frames queue
 * rather than being dropped; the sink itself keeps only the latest picture.
 */
final class RemoteVideoReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteVideoReceiver.class);
    private static final long KEY_FRAME_REQUEST_INTERVAL_NANOS = 500_000_000L;

    private final int payloadType;
    private final VideoFrameSink sink;
    private final ExecutorService decoderThread;
    private final LongConsumer keyFrameRequester;
    private final Vp8Depacketizer depacketizer = new Vp8Depacketizer();
    private final Vp8Decoder decoder;
    private final AtomicLong framesDecoded = new AtomicLong();
    private volatile int width;
    private volatile int height;
    private long lastKeyFrameRequest;

    /**
     * @param keyFrameRequester asks the sender for a key frame; gets the sender's SSRC
     */
    RemoteVideoReceiver(int payloadType, VideoFrameSink sink, ExecutorService decoderThread,
                        LongConsumer keyFrameRequester) {
        this.payloadType = payloadType;
        this.sink = sink;
        this.decoderThread = decoderThread;
        this.keyFrameRequester = keyFrameRequester;
        this.decoder = new Vp8Decoder();
    }

    /** Called by libjitsi's receive thread for every decrypted inbound RTP packet of the video stream. */
    void onRtp(RawPacket pkt) {
        if ((pkt.getPayloadType() & 0x7f) != payloadType) {
            return;
        }
        Vp8Depacketizer.Frame frame = depacketizer.push(pkt.getBuffer(), pkt.getPayloadOffset(),
                pkt.getPayloadLength(), pkt.getSequenceNumber(), pkt.getTimestamp(), pkt.isPacketMarked());
        if (depacketizer.needsKeyFrame()) {
            long now = System.nanoTime();
            if (now - lastKeyFrameRequest > KEY_FRAME_REQUEST_INTERVAL_NANOS) {
                lastKeyFrameRequest = now;
                keyFrameRequester.accept(pkt.getSSRCAsLong());
            }
        }
        if (frame != null) {
            try {
                decoderThread.execute(() -> decode(frame));
            } catch (RejectedExecutionException e) {
                LOG.debug("Video frame arrived after the call ended");
            }
        }
    }

    private void decode(Vp8Depacketizer.Frame frame) {
        VideoFrame picture = decoder.decode(frame.data());
        if (picture == null) {
            LOG.debug("libvpx rejected a {} frame", frame.keyFrame() ? "key" : "delta");
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

    /** Frees the decoder; must run on the decoder thread or after it has terminated. */
    @Override
    public void close() {
        decoder.close();
    }
}
