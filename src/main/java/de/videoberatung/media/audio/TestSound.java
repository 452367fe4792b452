package de.videoberatung.media.audio;

import de.videoberatung.threads.NamedThreads;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.media.Buffer;
import javax.media.Format;
import javax.media.Renderer;
import javax.media.ResourceUnavailableException;
import javax.media.format.AudioFormat;
import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.CaptureDeviceInfo2;
import org.jitsi.impl.neomedia.jmfext.media.renderer.audio.AbstractAudioRenderer;

/** Plays a short test sound (three beeps at 880 Hz, about 1.5 s) on a chosen earphone. */
public final class TestSound {

    static final double FREQUENCY = 880;
    private static final int RATE = 48_000;
    private static final int CHUNK_MILLIS = 20;
    private static final int BEEPS = 3;
    private static final int BEEP_MILLIS = 300;
    private static final int PAUSE_MILLIS = 200;

    private TestSound() {
    }

    /** Plays on a named thread ("test-sound"); the future completes when the sound has been handed over. */
    public static CompletableFuture<Void> play(AudioSystemAccess access, AudioDevice earphone,
            Supplier<AudioDeviceService.DeviceHold> hold) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        NamedThreads.start("test-sound", () -> {
            // Taken here, not by the caller: it may wait for a device re-listing (see holdDevices).
            try (AudioDeviceService.DeviceHold held = hold.get()) {
                playNow(access, earphone);
                done.complete(null);
            } catch (AudioException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void playNow(AudioSystemAccess access, AudioDevice earphone) throws AudioException {
        AudioSystem system = access.audioSystem().orElseThrow(() -> new AudioException(
                AudioException.Reason.NO_AUDIO_SYSTEM, "no audio system", null));
        CaptureDeviceInfo2 info = access.find(system, earphone).orElseThrow(() -> new AudioException(
                AudioException.Reason.DEVICE_UNAVAILABLE, "earphone not listed", null));
        Renderer renderer = system.createRenderer(true);
        if (renderer == null) {
            throw new AudioException(AudioException.Reason.NO_AUDIO_SYSTEM, "no renderer", null);
        }
        if (renderer instanceof AbstractAudioRenderer<?> audioRenderer) {
            audioRenderer.setLocator(info.getLocator());
        }
        AudioFormat format = new AudioFormat(AudioFormat.LINEAR, RATE, 16, 1, AudioFormat.LITTLE_ENDIAN,
                AudioFormat.SIGNED, 16, Format.NOT_SPECIFIED, Format.byteArray);
        if (renderer.setInputFormat(format) == null) {
            throw new AudioException(AudioException.Reason.DEVICE_UNAVAILABLE, "format not accepted", null);
        }
        try {
            renderer.open();
        } catch (ResourceUnavailableException e) {
            throw new AudioException(AudioException.Reason.DEVICE_UNAVAILABLE, "cannot open earphone", e);
        }
        try {
            renderer.start();
            int samplesPerChunk = RATE * CHUNK_MILLIS / 1000;
            long sample = 0;
            for (int beep = 0; beep < BEEPS; beep++) {
                for (int ms = 0; ms < BEEP_MILLIS + PAUSE_MILLIS; ms += CHUNK_MILLIS) {
                    byte[] pcm = new byte[samplesPerChunk * 2];
                    boolean tone = ms < BEEP_MILLIS;
                    for (int i = 0; i < samplesPerChunk; i++, sample++) {
                        short value = tone ? (short) (Math.sin(2 * Math.PI * FREQUENCY * sample / RATE) * 12_000) : 0;
                        pcm[2 * i] = (byte) value;
                        pcm[2 * i + 1] = (byte) (value >> 8);
                    }
                    Buffer buffer = new Buffer();
                    buffer.setData(pcm);
                    buffer.setOffset(0);
                    buffer.setLength(pcm.length);
                    buffer.setFormat(format);
                    renderer.process(buffer);
                }
            }
            renderer.stop();
        } finally {
            renderer.close();
        }
    }
}
