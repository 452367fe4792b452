package de.videoberatung.media.audio;

import de.videoberatung.media.audio.AudioDevice.Direction;
import de.videoberatung.threads.NamedThreads;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jitsi.impl.neomedia.device.AudioSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisor's microphone and earphones: chooses a headset automatically, remembers the advisor's
 * choice, follows hot-plug by re-listing on a named thread ("audio-devices") and falls back when
 * the device in use goes away. Selection is applied to libjitsi, so the call engine uses it.
 */
public final class AudioDeviceService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AudioDeviceService.class);

    private final AudioSystemAccess access;
    private final DevicePreferences preferences;
    private final ScheduledExecutorService worker = NamedThreads.scheduled("audio-devices");
    private final List<Consumer<AudioEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Direction, List<AudioDevice>> devices = new EnumMap<>(Map.of(
            Direction.CAPTURE, List.of(), Direction.PLAYBACK, List.of()));
    private final Map<Direction, AudioDevice> selected = new EnumMap<>(Direction.class);
    private volatile AudioSystem system;
    private volatile boolean missingReported;
    private volatile boolean echoCancellation;
    /** Guards {@link #holds} and {@link #rescanning}: a hold and a re-listing never overlap (see holdDevices). */
    private final Object rescanGate = new Object();
    /** Holds taken by calls and the test sound: see {@link #holdDevices()}. */
    private int holds;
    private boolean rescanning;

    private AudioDeviceService(AudioSystemAccess access, DevicePreferences preferences) {
        this.access = access;
        this.preferences = preferences;
    }

    /** Lists and selects devices once, then re-lists every {@code pollInterval}. Never on the FX thread. */
    public static AudioDeviceService start(AudioSystemAccess access, DevicePreferences preferences, Duration pollInterval) {
        AudioDeviceService service = new AudioDeviceService(access, preferences);
        try {
            service.worker.submit(service::refresh).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("First listing of audio devices failed", e.getCause());
        }
        service.worker.scheduleWithFixedDelay(service::refreshSafely, pollInterval.toMillis(),
                pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        return service;
    }

    public void addListener(Consumer<AudioEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<AudioEvent> listener) {
        listeners.remove(listener);
    }

    /** Whether an audio system with devices is there (false: no audio server, calls go without sound). */
    public boolean available() {
        return system != null;
    }

    public synchronized List<AudioDevice> microphones() {
        return devices.get(Direction.CAPTURE);
    }

    public synchronized List<AudioDevice> earphones() {
        return devices.get(Direction.PLAYBACK);
    }

    public synchronized Optional<AudioDevice> microphone() {
        return Optional.ofNullable(selected.get(Direction.CAPTURE));
    }

    public synchronized Optional<AudioDevice> earphone() {
        return Optional.ofNullable(selected.get(Direction.PLAYBACK));
    }

    /** Sound comes from loudspeakers rather than a headset, so the customer may hear an echo. */
    public boolean loudspeakerInUse() {
        return earphone().map(d -> !d.headset()).orElse(false);
    }

    /** Whether the audio system cancels echo now (it is switched on for loudspeakers where offered). */
    public boolean echoCancellationActive() {
        return echoCancellation;
    }

    /** The advisor chooses a device: it is used at once and remembered across restarts. */
    public CompletableFuture<Void> choose(AudioDevice device) {
        return CompletableFuture.runAsync(() -> {
            AudioSystem current = system;
            if (current == null) {
                return;
            }
            preferences.put(preferenceKey(device.direction()), device.id());
            use(current, device);
            fire(AudioEvent.of(AudioEvent.Kind.SELECTED, device));
        }, worker);
    }

    /** Re-lists the devices now instead of at the next poll; completes when done. */
    public CompletableFuture<Void> refreshNow() {
        return CompletableFuture.runAsync(this::refresh, worker);
    }

    /**
     * Marks audio devices as in use by a call until the returned handle is closed. While any is held, polling
     * does not re-list PulseAudio's devices: libjitsi's re-initialisation holds the audio system's monitor while
     * it waits on PulseAudio's main loop, and a renderer being opened for the call holds the main loop's lock
     * while it asks for that monitor, a lock-order deadlock (seen: the call window frozen on mute). Hot-plug is
     * followed again after the call. Level meters take no hold (the Geräte-Check follows hot-plug while its
     * meter runs): only opening a renderer takes the locks in that order. A re-listing already under way is
     * waited for (it takes a moment), so the hold never overlaps it: blocks, never call it on the FX thread.
     */
    public DeviceHold holdDevices() {
        synchronized (rescanGate) {
            boolean interrupted = false;
            while (rescanning) {
                try {
                    rescanGate.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            holds++;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (rescanGate) {
                    holds--;
                }
            }
        };
    }

    /** A hold on the audio devices; closing it twice is harmless. */
    @FunctionalInterface
    public interface DeviceHold extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts a level meter on a microphone (see {@link MicrophoneLevelMeter}); the caller closes it. */
    public MicrophoneLevelMeter openLevelMeter(AudioDevice microphone, Duration silenceLimit) throws AudioException {
        return MicrophoneLevelMeter.open(access, microphone, silenceLimit);
    }

    /** Plays the test sound on the earphone (see {@link TestSound}). */
    public CompletableFuture<Void> playTestSound(AudioDevice earphone) {
        return TestSound.play(access, earphone, this::holdDevices); // it opens a renderer: see holdDevices()
    }

    @Override
    public void close() {
        // No interrupt: a refresh interrupted inside libjitsi's device re-initialisation leaves the
        // process-wide audio system without devices.
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("audio device polling did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.error("Following audio devices failed", e);
        }
    }

    private void refresh() {
        Optional<AudioSystem> found = access.audioSystem();
        if (found.isEmpty()) {
            if (!missingReported) {
                missingReported = true;
                system = null;
                synchronized (this) {
                    devices.replaceAll((d, l) -> List.of());
                    selected.clear();
                }
                LOG.warn("No audio system: calls go without sound");
                fire(AudioEvent.of(AudioEvent.Kind.AUDIO_SYSTEM_MISSING, null));
            }
            return;
        }
        AudioSystem current = found.get();
        boolean firstListing = system != current;
        if (!firstListing) {
            synchronized (rescanGate) {
                if (holds > 0) {
                    return; // see holdDevices(): never re-initialise under open streams
                }
                rescanning = true;
            }
            try {
                access.rescan(current);
            } finally {
                synchronized (rescanGate) {
                    rescanning = false;
                    rescanGate.notifyAll();
                }
            }
        }
        system = current;
        missingReported = false;
        for (Direction direction : Direction.values()) {
            follow(current, direction, access.devices(current, direction), firstListing);
        }
    }

    private void follow(AudioSystem current, Direction direction, List<AudioDevice> now, boolean firstListing) {
        List<AudioDevice> before;
        AudioDevice inUse;
        synchronized (this) {
            before = devices.put(direction, List.copyOf(now));
            inUse = selected.get(direction);
        }
        if (!ids(before).equals(ids(now))) {
            fire(AudioEvent.of(AudioEvent.Kind.DEVICES_CHANGED, null));
        }
        Optional<AudioDevice> remembered = preferences.get(preferenceKey(direction))
                .flatMap(id -> now.stream().filter(d -> d.id().equals(id)).findFirst());
        if (inUse == null || firstListing) {
            remembered.or(() -> HeadsetHeuristics.best(now)).ifPresent(device -> {
                use(current, device);
                fire(AudioEvent.of(AudioEvent.Kind.SELECTED, device));
            });
            return;
        }
        if (!contains(now, inUse)) {
            AudioDevice replacement = remembered.or(() -> HeadsetHeuristics.best(now)).orElse(null);
            if (replacement != null) {
                use(current, replacement);
            } else {
                synchronized (this) {
                    selected.remove(direction);
                }
            }
            LOG.info("{} device in use went away; fallback {}", direction, replacement == null ? "none" : "found");
            fire(new AudioEvent(AudioEvent.Kind.IN_USE_LOST, inUse, replacement));
            return;
        }
        for (AudioDevice added : now) {
            if (contains(before, added) || added.id().equals(inUse.id())) {
                continue;
            }
            if (remembered.filter(r -> r.id().equals(added.id())).isPresent()) {
                use(current, added); // the advisor's own device is back
                fire(AudioEvent.of(AudioEvent.Kind.SELECTED, added));
                return;
            }
            if (added.headset() && !inUse.headset()) {
                boolean advisorsChoice = remembered.filter(r -> r.id().equals(inUse.id())).isPresent();
                if (advisorsChoice) {
                    fire(AudioEvent.of(AudioEvent.Kind.HEADSET_AVAILABLE, added));
                } else {
                    use(current, added);
                    fire(AudioEvent.of(AudioEvent.Kind.HEADSET_TAKEN, added));
                }
                return;
            }
        }
    }

    private void use(AudioSystem current, AudioDevice device) {
        access.select(current, device);
        synchronized (this) {
            selected.put(device.direction(), device);
        }
        if (device.direction() == Direction.PLAYBACK) {
            updateEchoCancellation(current, !device.headset());
        }
    }

    private void updateEchoCancellation(AudioSystem current, boolean loudspeaker) {
        if ((current.getFeatures() & AudioSystem.FEATURE_ECHO_CANCELLATION) != 0) {
            current.setEchoCancel(loudspeaker);
            echoCancellation = current.isEchoCancel();
        } else {
            echoCancellation = false;
        }
    }

    private static String preferenceKey(Direction direction) {
        return direction == Direction.CAPTURE ? DevicePreferences.MICROPHONE : DevicePreferences.EARPHONE;
    }

    private static List<String> ids(List<AudioDevice> list) {
        return list.stream().map(AudioDevice::id).toList();
    }

    private static boolean contains(List<AudioDevice> list, AudioDevice device) {
        return list.stream().anyMatch(d -> Objects.equals(d.id(), device.id()));
    }

    private void fire(AudioEvent event) {
        for (Consumer<AudioEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("Audio event listener failed", e);
            }
        }
    }
}
