package de.videoberatung.media.call;

import java.awt.Dimension;
import javax.media.Buffer;
import javax.media.Format;
import javax.media.ResourceUnavailableException;
import javax.media.format.VideoFormat;
import javax.media.format.YUVFormat;
import org.jitsi.impl.neomedia.codec.AbstractCodec2;
import org.jitsi.service.neomedia.codec.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the engine's {@link Vp8Encoder} into FMJ's processor in place of libjitsi's
 * {@code VPXEncoder} (I420 in, VP8 frames out; libjitsi's packetizer follows). The encoder's settings
 * outlive this codec: a re-negotiated stream builds a new processor and a new codec with a libvpx
 * context of its own on the same encoder, so the rate controller's settings stay.
 */
final class Vp8EncoderCodec extends AbstractCodec2 {

    private static final Logger LOG = LoggerFactory.getLogger(Vp8EncoderCodec.class);

    private final Vp8Encoder.Context encoder;

    Vp8EncoderCodec(Vp8Encoder encoder) {
        super("videoberatung VP8 encoder", VideoFormat.class, new VideoFormat[] {new VideoFormat(Constants.VP8)});
        this.encoder = encoder.newContext();
        inputFormats = new VideoFormat[] {new YUVFormat(null, Format.NOT_SPECIFIED, Format.byteArray,
                Format.NOT_SPECIFIED, YUVFormat.YUV_420, Format.NOT_SPECIFIED, Format.NOT_SPECIFIED,
                Format.NOT_SPECIFIED, Format.NOT_SPECIFIED, Format.NOT_SPECIFIED)};
    }

    @Override
    protected void doOpen() throws ResourceUnavailableException {
        if (inputFormat == null || outputFormat == null) {
            throw new ResourceUnavailableException("formats not set");
        }
        LOG.info("VP8 encoder open for {}", inputFormat);
    }

    @Override
    protected void doClose() {
        encoder.close();
    }

    @Override
    protected int doProcess(Buffer in, Buffer out) {
        if (in.isDiscard() || !(in.getFormat() instanceof YUVFormat yuv) || !(in.getData() instanceof byte[] data)) {
            out.setDiscard(true);
            return BUFFER_PROCESSED_OK;
        }
        Dimension size = yuv.getSize();
        // CameraMediaDevice delivers packed I420: no padding, planes back to back.
        if (size == null || in.getOffset() != 0 || yuv.getStrideY() != size.width) {
            out.setDiscard(true);
            return BUFFER_PROCESSED_OK;
        }
        // Capture and encoding run on the same FMJ thread: now is the capture time, on our clock.
        Vp8Encoder.Frame frame = encoder.encode(data, size.width, size.height, System.nanoTime());
        if (frame == null) {
            // Not a discarded buffer: FMJ's RTP sender counts those and leaves a gap in the sequence
            // numbers, which the browser reports as loss (a lower frame rate looked like 40 % loss).
            return BUFFER_PROCESSED_OK | OUTPUT_BUFFER_NOT_FILLED;
        }
        byte[] target = validateByteArraySize(out, frame.data().length, false);
        System.arraycopy(frame.data(), 0, target, 0, frame.data().length);
        out.setOffset(0);
        out.setLength(frame.data().length);
        out.setTimeStamp(in.getTimeStamp());
        out.setFlags(in.getFlags());
        return BUFFER_PROCESSED_OK;
    }

    @Override
    protected Format[] getMatchingOutputFormats(Format input) {
        VideoFormat v = (VideoFormat) input;
        return new VideoFormat[] {new VideoFormat(Constants.VP8, v.getSize(), Format.NOT_SPECIFIED, Format.byteArray,
                v.getFrameRate())};
    }

    @Override
    public Format setInputFormat(Format format) {
        if (!(format instanceof YUVFormat yuv) || matches(format, inputFormats) == null
                || yuv.getOffsetU() > yuv.getOffsetV()) {
            return null;
        }
        inputFormat = specialize(yuv, Format.byteArray);
        return inputFormat;
    }

    @Override
    public Format setOutputFormat(Format format) {
        if (!(format instanceof VideoFormat) || inputFormat == null
                || matches(format, getMatchingOutputFormats(inputFormat)) == null) {
            return null;
        }
        VideoFormat v = (VideoFormat) format;
        outputFormat = new VideoFormat(v.getEncoding(), ((VideoFormat) inputFormat).getSize(), Format.NOT_SPECIFIED,
                Format.byteArray, v.getFrameRate());
        return outputFormat;
    }
}
