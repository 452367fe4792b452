package de.videoberatung.media.call;

import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.media.video.I420;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.media.Buffer;
import javax.media.CaptureDeviceInfo;
import javax.media.Codec;
import javax.media.Format;
import javax.media.MediaLocator;
import javax.media.Processor;
import javax.media.UnsupportedPlugInException;
import javax.media.control.FormatControl;
import javax.media.control.TrackControl;
import javax.media.format.VideoFormat;
import javax.media.format.YUVFormat;
import javax.media.protocol.CaptureDevice;
import org.jitsi.impl.neomedia.device.MediaDeviceImpl;
import org.jitsi.impl.neomedia.device.MediaDeviceSession;
import org.jitsi.impl.neomedia.device.VideoMediaDeviceSession;
import org.jitsi.impl.neomedia.format.MediaFormatImpl;
import org.jitsi.impl.neomedia.jmfext.media.protocol.AbstractPullBufferStream;
import org.jitsi.impl.neomedia.jmfext.media.protocol.AbstractVideoPullBufferCaptureDevice;
import org.jitsi.impl.neomedia.jmfext.media.protocol.AbstractVideoPullBufferStream;
import org.jitsi.service.neomedia.format.MediaFormat;
import org.jitsi.utils.MediaType;

/**
 * Presents a {@link CameraFeed} to libjitsi as a video capture device delivering I420, which
 * libjitsi's VP8 encoder takes directly (its RGB path would need FFmpeg). With the camera switched
 * off it sends black pictures, so the browser keeps a live track and shows black, not a frozen frame.
 */
final class CameraMediaDevice extends MediaDeviceImpl {

    private final CameraFeed feed;
    private final int width;
    private final int height;
    private final int frameRate;
    private volatile boolean enabled = true;
    private volatile MediaFormat sendFormat;
    private final AtomicLong framesCaptured = new AtomicLong();
    private final Vp8Encoder encoder;

    CameraMediaDevice(CameraFeed feed) {
        this(feed, even(feed.width()), even(feed.height()), Math.max(1, feed.frameRate()));
    }

    private CameraMediaDevice(CameraFeed feed, int width, int height, int frameRate) {
        super(new CaptureDeviceInfo("videoberatung-camera", new MediaLocator("videoberatung:camera"),
                new Format[] {yuvFormat(width, height, frameRate)}), MediaType.VIDEO);
        this.feed = feed;
        this.width = width;
        this.height = height;
        this.frameRate = frameRate;
        this.encoder = new Vp8Encoder(SendRateController.START_VIDEO_KBPS, frameRate, width, height);
    }

    /** The VP8 encoder of this camera's streams, driven by the call's rate controller. */
    Vp8Encoder encoder() {
        return encoder;
    }

    int frameRate() {
        return frameRate;
    }

    private static int even(int v) {
        return Math.max(2, v & ~1);
    }

    private static YUVFormat yuvFormat(int w, int h, int fps) {
        return new YUVFormat(new Dimension(w, h), I420.frameSize(w, h), Format.byteArray, fps,
                YUVFormat.YUV_420, w, w / 2, 0, w * h, w * h + w * h / 4);
    }

    void setEnabled(boolean on) {
        enabled = on;
    }

    long framesCaptured() {
        return framesCaptured.get();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * A session without libjitsi's local preview: the preview player needs FFmpeg (HFlip,
     * SwScale), fails to prefetch on Linux, and then blocks forever when the stream stops. The
     * call window shows the camera preview from the devices layer instead.
     */
    @Override
    public MediaDeviceSession createSession() {
        VideoMediaDeviceSession session = new VideoMediaDeviceSession(this) {
            @Override
            protected Component createLocalVisualComponent() {
                return null;
            }

            /*
             * libjitsi sets the encoding on FMJ's event thread once the processor is configured,
             * while the stream's thread is already realizing it; when realizing wins, VP8 is never
             * set and nothing is sent. Setting it here, before the processor is handed out, is
             * deterministic.
             */
            /*
             * Our encoder instead of libjitsi's VPXEncoder, which has no rate or key-frame controls:
             * a codec chain set on the track before realizing is deterministic (PlugInManager's
             * choice is not reachable). libjitsi's VP8 packetizer follows it.
             */
            @Override
            protected Format setProcessorFormat(TrackControl track, MediaFormatImpl<? extends Format> mediaFormat,
                                                Format format) {
                if ("vp8/rtp".equalsIgnoreCase(format.getEncoding())) {
                    try {
                        track.setCodecChain(new Codec[] {new Vp8EncoderCodec(encoder)});
                    } catch (UnsupportedPlugInException e) {
                        throw new IllegalStateException("FMJ refused the VP8 encoder", e);
                    }
                }
                return super.setProcessorFormat(track, mediaFormat, format);
            }

            @Override
            protected Processor createProcessor() {
                Processor processor = super.createProcessor();
                MediaFormatImpl<? extends Format> format = getFormat();
                if (processor != null && format != null && processor.getState() == Processor.Configured) {
                    processor.setContentDescriptor(createProcessorContentDescriptor(processor));
                    setProcessorFormat(processor, format);
                }
                return processor;
            }
        };
        MediaFormat format = sendFormat;
        if (format != null) {
            session.setFormat(format);
        }
        return session;
    }

    /** The encoding to send; must be set before the device is given to a stream. */
    void setSendFormat(MediaFormat format) {
        sendFormat = format;
    }

    @Override
    protected CaptureDevice createCaptureDevice() {
        Source source = new Source();
        source.setCaptureDeviceInfo(getCaptureDeviceInfo());
        return source;
    }

    /** The JMF data source; libjitsi pulls pictures from its single stream. */
    private final class Source extends AbstractVideoPullBufferCaptureDevice {
        @Override
        protected AbstractPullBufferStream<?> createStream(int streamIndex, FormatControl formatControl) {
            return new Stream(this, formatControl);
        }
    }

    private final class Stream extends AbstractVideoPullBufferStream<Source> {
        private final long intervalNanos = TimeUnit.SECONDS.toNanos(1) / frameRate;
        private long nextDue;

        Stream(Source source, FormatControl formatControl) {
            super(source, formatControl);
        }

        @Override
        protected void doRead(Buffer buffer) throws IOException {
            pace();
            Format format = buffer.getFormat();
            if (!(format instanceof VideoFormat)) {
                format = getFormat();
                buffer.setFormat(format);
            }
            int size = I420.frameSize(width, height);
            byte[] data = buffer.getData() instanceof byte[] b && b.length >= size ? b : new byte[size];
            BufferedImage image = enabled ? feed.latestImage() : null;
            if (image == null) {
                I420.black(width, height, data);
            } else {
                I420.fromImage(image, width, height, data);
            }
            buffer.setData(data);
            buffer.setOffset(0);
            buffer.setLength(size);
            buffer.setTimeStamp(System.nanoTime());
            buffer.setFlags(Buffer.FLAG_SYSTEM_TIME | Buffer.FLAG_LIVE_DATA);
            framesCaptured.incrementAndGet();
        }

        /** Holds libjitsi's capture thread to the camera's frame rate; a pull stream must pace itself. */
        private void pace() {
            long now = System.nanoTime();
            if (nextDue == 0 || now - nextDue > intervalNanos) {
                nextDue = now;
            }
            while (nextDue - System.nanoTime() > 0) {
                LockSupport.parkNanos(nextDue - System.nanoTime());
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            nextDue += intervalNanos;
        }
    }
}
