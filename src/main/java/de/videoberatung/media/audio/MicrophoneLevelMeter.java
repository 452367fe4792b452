package de.videoberatung.media.audio;

import de.videoberatung.threads.NamedThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.media.Buffer;
import javax.media.CaptureDeviceInfo;
import javax.media.Format;
import javax.media.Manager;
import javax.media.NoDataSourceException;
import javax.media.control.FormatControl;
import javax.media.format.AudioFormat;
import javax.media.protocol.CaptureDevice;
import javax.media.protocol.DataSource;
import javax.media.protocol.PullBufferDataSource;
import javax.media.protocol.PullBufferStream;
import javax.media.protocol.PushBufferDataSource;
import javax.media.protocol.PushBufferStream;
import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.CaptureDeviceInfo2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a microphone on a named thread ("mic-level") and keeps its latest level, and notices when
 * it delivers only silence for longer than a limit: the typical sign of a muted or broken headset
 * microphone. Readers poll {@link #level()}; nothing is queued.
 */
public final class MicrophoneLevelMeter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneLevelMeter.class);
    /** Below this a microphone counts as silent: a muted source gives digital zero, a live one room noise above -70 dBFS. */
    static final double SILENCE_DBFS = -70;
    /** The meter shows 0 at this level and full at 0 dBFS. */
    private static final double FLOOR_DBFS = -60;

    private final AudioDevice microphone;
    private final DataSource source;
    private final Duration silenceLimit;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double dbfs = -120;
    private volatile long lastSignalAt = System.nanoTime();
    private volatile boolean failed;
    private volatile long buffers;

    private MicrophoneLevelMeter(AudioDevice microphone, DataSource source, Duration silenceLimit) {
        this.microphone = microphone;
        this.source = source;
        this.silenceLimit = silenceLimit;
        this.thread = NamedThreads.factory("mic-level").newThread(this::readLoop);
    }

    /** Starts metering the microphone; {@code silenceLimit} is how long silence is tolerated before {@link #silent()}. */
    public static MicrophoneLevelMeter open(AudioSystemAccess access, AudioDevice microphone, Duration silenceLimit)
            throws AudioException {
        AudioSystem system = access.audioSystem().orElseThrow(() -> new AudioException(
                AudioException.Reason.NO_AUDIO_SYSTEM, "no audio system", null));
        CaptureDeviceInfo2 info = access.find(system, microphone).orElseThrow(() -> new AudioException(
                AudioException.Reason.DEVICE_UNAVAILABLE, "microphone not listed", null));
        DataSource source;
        try {
            source = Manager.createDataSource(info.getLocator());
            chooseFormat(source, info);
            source.connect();
            source.start();
        } catch (IOException | NoDataSourceException | RuntimeException e) {
            throw new AudioException(AudioException.Reason.DEVICE_UNAVAILABLE, "cannot open microphone", e);
        }
        MicrophoneLevelMeter meter = new MicrophoneLevelMeter(microphone, source, silenceLimit);
        meter.thread.start();
        return meter;
    }

    private static void chooseFormat(DataSource source, CaptureDeviceInfo info) {
        if (!(source instanceof CaptureDevice device) || device.getFormatControls().length == 0) {
            return;
        }
        FormatControl control = device.getFormatControls()[0];
        for (Format format : control.getSupportedFormats()) {
            if (format instanceof AudioFormat audio && audio.getSampleSizeInBits() == 16) {
                control.setFormat(format);
                return;
            }
        }
        LOG.warn("Microphone offers no 16-bit format; metering the default format");
    }

    public AudioDevice microphone() {
        return microphone;
    }

    /** The latest level from 0 (at or below -60 dBFS) to 1 (full scale). */
    public double level() {
        return Math.max(0, Math.min(1, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS));
    }

    /** The latest RMS level in dBFS. */
    public double dbfs() {
        return dbfs;
    }

    /** Buffers read so far; zero until the microphone delivers. */
    public long buffersRead() {
        return buffers;
    }

    /** The microphone delivered only silence for longer than the limit ("Mikrofon liefert kein Signal"). */
    public boolean silent() {
        return System.nanoTime() - lastSignalAt > silenceLimit.toNanos();
    }

    /** Reading failed, typically because the microphone was unplugged. */
    public boolean failed() {
        return failed;
    }

    private void readLoop() {
        Buffer buffer = new Buffer();
        try {
            if (source instanceof PullBufferDataSource pull) {
                PullBufferStream stream = pull.getStreams()[0];
                while (running) {
                    stream.read(buffer);
                    measure(buffer, stream.getFormat());
                }
            } else if (source instanceof PushBufferDataSource push) {
                PushBufferStream stream = push.getStreams()[0];
                stream.setTransferHandler(s -> {
                    try {
                        s.read(buffer);
                        measure(buffer, s.getFormat());
                    } catch (IOException e) {
                        fail(e);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                fail(e);
            }
        }
    }

    private void fail(Exception e) {
        failed = true;
        dbfs = -120;
        LOG.warn("Reading the microphone failed", e);
    }

    private void measure(Buffer buffer, Format format) {
        if (buffer.isDiscard() || !(buffer.getData() instanceof byte[] data) || buffer.getLength() < 2) {
            return;
        }
        boolean bigEndian = format instanceof AudioFormat audio && audio.getEndian() == AudioFormat.BIG_ENDIAN;
        int offset = buffer.getOffset();
        int samples = buffer.getLength() / 2;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            int lo = data[offset + 2 * i + (bigEndian ? 1 : 0)] & 0xff;
            int hi = data[offset + 2 * i + (bigEndian ? 0 : 1)];
            double sample = (short) ((hi << 8) | lo) / 32768.0;
            sum += sample * sample;
        }
        double rms = Math.sqrt(sum / samples);
        double level = rms > 0 ? 20 * Math.log10(rms) : -120;
        dbfs = level;
        buffers++;
        if (level > SILENCE_DBFS) {
            lastSignalAt = System.nanoTime();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            source.stop();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Stopping the microphone failed", e);
        }
        source.disconnect();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
