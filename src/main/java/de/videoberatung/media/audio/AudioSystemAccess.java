package de.videoberatung.media.audio;

import de.videoberatung.media.MediaRuntime;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.media.CaptureDeviceInfo;
import org.jitsi.impl.neomedia.MediaServiceImpl;
import org.jitsi.impl.neomedia.device.AudioSystem;
import org.jitsi.impl.neomedia.device.CaptureDeviceInfo2;
import org.jitsi.impl.neomedia.device.DeviceConfiguration;
import org.jitsi.impl.neomedia.device.DeviceSystem;
import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.utils.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio devices of libjitsi's audio system (PulseAudio on Linux, WASAPI on Windows), started
 * through {@link MediaRuntime}.
 */
public final class AudioSystemAccess {

    private static final Logger LOG = LoggerFactory.getLogger(AudioSystemAccess.class);

    private AudioSystemAccess() {
    }

    /** Starts LibJitsi if nobody has yet. Slow (seconds): never call it on the FX thread. */
    public static AudioSystemAccess start() {
        MediaRuntime.start();
        return new AudioSystemAccess();
    }

    private static DeviceConfiguration configuration() {
        return ((MediaServiceImpl) LibJitsi.getMediaService()).getDeviceConfiguration();
    }

    /**
     * The real audio system, or empty when only libjitsi's silent stand-in is there (no audio server).
     * When the server comes up later, the next call finds it.
     */
    public synchronized Optional<AudioSystem> audioSystem() {
        DeviceConfiguration configuration = configuration();
        AudioSystem current = configuration.getAudioSystem();
        if (isReal(current)) {
            return Optional.of(current);
        }
        // Creates the device systems that failed before, e.g. PulseAudio whose server was down.
        DeviceSystem.initializeDeviceSystems(MediaType.AUDIO);
        for (AudioSystem candidate : AudioSystem.getAudioSystems()) {
            if (isReal(candidate)) {
                LOG.info("Audio system {} is available now", candidate.getLocatorProtocol());
                configuration.setAudioSystem(candidate, false);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isReal(AudioSystem system) {
        if (system == null) {
            return false;
        }
        String protocol = system.getLocatorProtocol();
        return !AudioSystem.LOCATOR_PROTOCOL_AUDIOSILENCE.equals(protocol) && !"none".equals(protocol);
    }

    /** The devices listed for one direction, in the audio system's order. */
    public List<AudioDevice> devices(AudioSystem system, AudioDevice.Direction direction) {
        List<AudioDevice> devices = new ArrayList<>();
        for (CaptureDeviceInfo2 info : system.getDevices(flow(direction))) {
            devices.add(toDevice(info, direction));
        }
        return devices;
    }

    /** The libjitsi device for one of ours, if it is still listed. */
    Optional<CaptureDeviceInfo2> find(AudioSystem system, AudioDevice device) {
        return system.getDevices(flow(device.direction())).stream()
                .filter(info -> id(info).equals(device.id())).findFirst();
    }

    /** Makes the device the one libjitsi, and so the call engine, uses; not persisted by libjitsi. */
    void select(AudioSystem system, AudioDevice device) {
        find(system, device).ifPresent(info -> {
            system.setDevice(flow(device.direction()), info, false);
            if (device.direction() == AudioDevice.Direction.PLAYBACK) {
                system.setDevice(AudioSystem.DataFlow.NOTIFY, info, false);
            }
        });
    }

    /**
     * Lists the devices again. WASAPI re-lists on its own device notifications; PulseAudio in
     * libjitsi lists once, so its (protected) initialisation is run again, which re-queries sources
     * and sinks and fires the device change events.
     */
    void rescan(AudioSystem system) {
        if ((system.getFeatures() & DeviceSystem.FEATURE_REINITIALIZE) != 0) {
            return;
        }
        try {
            Method initialize = DeviceSystem.class.getDeclaredMethod("initialize");
            initialize.setAccessible(true);
            initialize.invoke(system);
        } catch (InvocationTargetException e) {
            LOG.warn("Re-listing audio devices failed", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot re-list audio devices of {}", system.getLocatorProtocol(), e);
        }
    }

    static AudioSystem.DataFlow flow(AudioDevice.Direction direction) {
        return direction == AudioDevice.Direction.CAPTURE ? AudioSystem.DataFlow.CAPTURE : AudioSystem.DataFlow.PLAYBACK;
    }

    private static AudioDevice toDevice(CaptureDeviceInfo2 info, AudioDevice.Direction direction) {
        return new AudioDevice(id(info), info.getName(), direction, info.getTransportType());
    }

    private static String id(CaptureDeviceInfo info) {
        return info.getLocator() == null ? info.getName() : info.getLocator().toExternalForm();
    }
}
