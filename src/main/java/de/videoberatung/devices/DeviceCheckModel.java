package de.videoberatung.devices;

import java.util.concurrent.Executor;
import de.videoberatung.i18n.Messages;
import de.videoberatung.threads.NamedThreads;
import de.videoberatung.media.audio.AudioDevice;
import de.videoberatung.media.audio.AudioDeviceService;
import de.videoberatung.media.audio.AudioEvent;
import de.videoberatung.media.audio.AudioException;
import de.videoberatung.media.audio.DevicePreferences;
import de.videoberatung.media.audio.MicrophoneLevelMeter;
import de.videoberatung.media.camera.CameraEvent;
import de.videoberatung.media.camera.CameraException;
import de.videoberatung.media.camera.CameraInfo;
import de.videoberatung.media.camera.CameraService;
import de.videoberatung.media.camera.OpenCamera;
import de.videoberatung.media.camera.VideoSize;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Geräte-Check: camera with preview, microphone with level meter, earphones with test sound,
 * and a one-line verdict for each. Properties change on the FX thread only; device work runs on the
 * services' threads and on "device-check". Verdicts are re-evaluated ten times a second from the
 * devices' latest state, so they never lag behind a stream of events.
 */
public final class DeviceCheckModel {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCheckModel.class);
    public static final Duration DEFAULT_SILENCE_LIMIT = Duration.ofSeconds(4);

    private final CameraService camera;
    private final AudioDeviceService audio;
    private final DevicePreferences preferences;
    private final Messages messages;
    private final Executor fxThread;
    private final Duration silenceLimit;
    private final FramePresenter preview;
    private final ExecutorService worker = NamedThreads.single("device-check");
    private final Timeline verdictTimer = new Timeline(new KeyFrame(javafx.util.Duration.millis(100), e -> evaluate()));
    private final Consumer<CameraEvent> cameraListener;
    private final Consumer<AudioEvent> audioListener;

    private final ObservableList<CameraInfo> cameras = FXCollections.observableArrayList();
    private final ObjectProperty<CameraInfo> selectedCamera = new SimpleObjectProperty<>(this, "selectedCamera");
    private final ObservableList<VideoSize> sizes = FXCollections.observableArrayList();
    private final ObjectProperty<VideoSize> selectedSize = new SimpleObjectProperty<>(this, "selectedSize");
    private final StringProperty cameraVerdict = new SimpleStringProperty(this, "cameraVerdict");
    private final ObservableList<AudioDevice> microphones = FXCollections.observableArrayList();
    private final ObjectProperty<AudioDevice> selectedMicrophone = new SimpleObjectProperty<>(this, "selectedMicrophone");
    private final DoubleProperty microphoneLevel = new SimpleDoubleProperty(this, "microphoneLevel");
    private final StringProperty microphoneVerdict = new SimpleStringProperty(this, "microphoneVerdict");
    private final ObservableList<AudioDevice> earphones = FXCollections.observableArrayList();
    private final ObjectProperty<AudioDevice> selectedEarphone = new SimpleObjectProperty<>(this, "selectedEarphone");
    private final StringProperty earphoneVerdict = new SimpleStringProperty(this, "earphoneVerdict");
    private final StringProperty notice = new SimpleStringProperty(this, "notice", "");

    private boolean updating;
    private CameraException.Reason cameraFailure;
    private boolean camerasListed;
    private volatile MicrophoneLevelMeter meter;
    private boolean testSoundFailed;

    public DeviceCheckModel(CameraService camera, AudioDeviceService audio, DevicePreferences preferences,
            Messages messages, Executor fxThread) {
        this(camera, audio, preferences, messages, fxThread, DEFAULT_SILENCE_LIMIT);
    }

    /** @param fxThread runs work on the FX thread ({@code Platform::runLater} in the app) */
    public DeviceCheckModel(CameraService camera, AudioDeviceService audio, DevicePreferences preferences,
            Messages messages, Executor fxThread, Duration silenceLimit) {
        this.camera = camera;
        this.audio = audio;
        this.preferences = preferences;
        this.messages = messages;
        this.fxThread = fxThread;
        this.preview = new FramePresenter(fxThread);
        this.cameraListener = e -> fxThread.execute(() -> onCameraEvent(e));
        this.audioListener = e -> fxThread.execute(() -> onAudioEvent(e));
        this.silenceLimit = silenceLimit;
        verdictTimer.setCycleCount(Animation.INDEFINITE);
        selectedCamera.addListener((o, old, now) -> {
            if (!updating && now != null) {
                chooseCamera(now, now.sizes().contains(selectedSize.get()) ? selectedSize.get() : now.preferredSize());
            }
        });
        selectedSize.addListener((o, old, now) -> {
            if (!updating && now != null && selectedCamera.get() != null) {
                chooseCamera(selectedCamera.get(), now);
            }
        });
        selectedMicrophone.addListener((o, old, now) -> {
            if (!updating && now != null) {
                audio.choose(now);
            }
        });
        selectedEarphone.addListener((o, old, now) -> {
            if (!updating && now != null) {
                testSoundFailed = false;
                audio.choose(now);
            }
        });
    }

    /** Shows the devices and opens the advisor's camera. Call on the FX thread when the screen opens. */
    public void start() {
        camera.addListener(cameraListener);
        audio.addListener(audioListener);
        camera.setPreviewSink(preview);
        verdictTimer.play();
        String preferred = preferences.get(DevicePreferences.CAMERA).orElse(null);
        VideoSize size = preferences.get(DevicePreferences.CAMERA_SIZE).flatMap(DeviceCheckModel::parseSize).orElse(null);
        if (camera.current().isPresent()) {
            reloadCameras();
        } else {
            onFx(camera.openPreferred(preferred, size), opened -> reloadCameras());
        }
        reloadAudio();
    }

    /** Stops metering and the preview. Call on the FX thread when the screen closes; the camera stays open. */
    public void stop() {
        verdictTimer.stop();
        camera.removeListener(cameraListener);
        audio.removeListener(audioListener);
        camera.setPreviewSink(null);
        worker.execute(this::closeMeter);
        worker.shutdown();
    }

    public FramePresenter preview() {
        return preview;
    }

    public ObservableList<CameraInfo> cameras() {
        return cameras;
    }

    public ObjectProperty<CameraInfo> selectedCameraProperty() {
        return selectedCamera;
    }

    public ObservableList<VideoSize> sizes() {
        return sizes;
    }

    public ObjectProperty<VideoSize> selectedSizeProperty() {
        return selectedSize;
    }

    public StringProperty cameraVerdictProperty() {
        return cameraVerdict;
    }

    public ObservableList<AudioDevice> microphones() {
        return microphones;
    }

    public ObjectProperty<AudioDevice> selectedMicrophoneProperty() {
        return selectedMicrophone;
    }

    public DoubleProperty microphoneLevelProperty() {
        return microphoneLevel;
    }

    public StringProperty microphoneVerdictProperty() {
        return microphoneVerdict;
    }

    public ObservableList<AudioDevice> earphones() {
        return earphones;
    }

    public ObjectProperty<AudioDevice> selectedEarphoneProperty() {
        return selectedEarphone;
    }

    public StringProperty earphoneVerdictProperty() {
        return earphoneVerdict;
    }

    /** The latest notice about devices plugged in or out, or empty. */
    public StringProperty noticeProperty() {
        return notice;
    }

    /** Switches the camera off: the call goes with sound only. */
    public void audioOnly() {
        cameraFailure = null;
        onFx(camera.closeCamera(), done -> preview.clear());
    }

    public void playTestSound() {
        AudioDevice earphone = selectedEarphone.get();
        if (earphone == null) {
            return;
        }
        testSoundFailed = false;
        audio.playTestSound(earphone).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("Test sound failed", failure);
                fxThread.execute(() -> testSoundFailed = true);
            }
        });
    }

    private void chooseCamera(CameraInfo info, VideoSize size) {
        Optional<OpenCamera> open = camera.current();
        if (open.isPresent() && open.get().name().equals(info.name()) && open.get().size().equals(size)) {
            return;
        }
        cameraFailure = null;
        preferences.put(DevicePreferences.CAMERA, info.name());
        preferences.put(DevicePreferences.CAMERA_SIZE, size.toString());
        onFx(camera.open(info.name(), size), opened -> reloadCameras());
    }

    private void reloadCameras() {
        onFx(camera.cameras(), list -> {
            camerasListed = true;
            updating = true;
            try {
                cameras.setAll(list);
                Optional<OpenCamera> open = camera.current();
                CameraInfo current = open.flatMap(c -> list.stream().filter(i -> i.name().equals(c.name())).findFirst())
                        .orElse(null);
                selectedCamera.set(current);
                sizes.setAll(current == null ? List.of() : current.sizes());
                selectedSize.set(open.map(OpenCamera::size).orElse(null));
                if (open.isEmpty()) {
                    preview.clear();
                }
            } finally {
                updating = false;
            }
        });
    }

    private void reloadAudio() {
        updating = true;
        try {
            microphones.setAll(audio.microphones());
            earphones.setAll(audio.earphones());
            selectedMicrophone.set(audio.microphone().orElse(null));
            selectedEarphone.set(audio.earphone().orElse(null));
        } finally {
            updating = false;
        }
        AudioDevice microphone = selectedMicrophone.get();
        MicrophoneLevelMeter current = meter;
        if (current == null || !Objects.equals(current.microphone(), microphone)) {
            worker.execute(() -> restartMeter(microphone));
        }
    }

    private void restartMeter(AudioDevice microphone) {
        closeMeter();
        if (microphone == null) {
            return;
        }
        try {
            meter = audio.openLevelMeter(microphone, silenceLimit);
        } catch (AudioException e) {
            LOG.warn("Cannot meter the microphone: {}", e.reason(), e);
        }
    }

    private void closeMeter() {
        MicrophoneLevelMeter old = meter;
        meter = null;
        if (old != null) {
            old.close();
        }
    }

    private void onCameraEvent(CameraEvent event) {
        switch (event.kind()) {
            case ADDED -> notice.set(format("devices.notice.camera.added", event.camera()));
            case REMOVED -> notice.set(format("devices.notice.camera.removed", event.camera()));
            case IN_USE_LOST -> notice.set(event.replacement() == null
                    ? format("devices.notice.camera.lost", event.camera())
                    : format("devices.notice.camera.fallback", event.camera(), event.replacement()));
            case OPEN_FAILED -> cameraFailure = event.failure();
            case OPENED -> cameraFailure = null;
            case CLOSED -> preview.clear();
        }
        reloadCameras();
    }

    private void onAudioEvent(AudioEvent event) {
        switch (event.kind()) {
            case AUDIO_SYSTEM_MISSING -> notice.set(format("devices.notice.audio.none"));
            case HEADSET_TAKEN -> notice.set(format("devices.notice.audio.headsetTaken", event.device().name()));
            case HEADSET_AVAILABLE -> notice.set(format("devices.notice.audio.headsetAvailable", event.device().name()));
            case IN_USE_LOST -> notice.set(event.replacement() == null
                    ? format("devices.notice.audio.lost", event.device().name())
                    : format("devices.notice.audio.fallback", event.device().name(), event.replacement().name()));
            case DEVICES_CHANGED, SELECTED -> { }
        }
        reloadAudio();
    }

    /** Re-evaluates the three verdicts and the level meter from the devices' current state. */
    void evaluate() {
        cameraVerdict.set(cameraVerdict());
        MicrophoneLevelMeter current = meter;
        microphoneLevel.set(current == null ? 0 : current.level());
        microphoneVerdict.set(microphoneVerdict(current));
        earphoneVerdict.set(earphoneVerdict());
    }

    private String cameraVerdict() {
        if (cameraFailure != null) {
            return format(switch (cameraFailure) {
                case BUSY -> "devices.verdict.camera.busy";
                case GONE -> "devices.verdict.camera.gone";
                case TIMEOUT -> "devices.verdict.camera.timeout";
                case NONE_FOUND -> "devices.verdict.camera.none";
                case DRIVER_FAILED -> "devices.verdict.camera.driverFailed";
            });
        }
        Optional<OpenCamera> open = camera.current();
        if (open.isEmpty()) {
            return format(camerasListed && cameras.isEmpty() ? "devices.verdict.camera.none" : "devices.verdict.camera.off");
        }
        OpenCamera current = open.get();
        if (current.frameCount() == 0) {
            return format("devices.verdict.camera.checking");
        }
        boolean synthetic = cameras.stream().anyMatch(c -> c.name().equals(current.name()) && c.synthetic());
        return synthetic ? format("devices.verdict.camera.testbild")
                : format("devices.verdict.camera.ok", current.name(), current.size().toString());
    }

    private String microphoneVerdict(MicrophoneLevelMeter current) {
        if (!audio.available()) {
            return format("devices.verdict.audio.none");
        }
        if (selectedMicrophone.get() == null) {
            return format("devices.verdict.microphone.none");
        }
        if (current == null || current.buffersRead() == 0) {
            return current != null && current.failed() ? format("devices.verdict.microphone.failed")
                    : format("devices.verdict.microphone.checking");
        }
        if (current.failed()) {
            return format("devices.verdict.microphone.failed");
        }
        return format(current.silent() ? "devices.verdict.microphone.silent" : "devices.verdict.microphone.ok");
    }

    private String earphoneVerdict() {
        if (!audio.available()) {
            return format("devices.verdict.audio.none");
        }
        AudioDevice earphone = selectedEarphone.get();
        if (earphone == null) {
            return format("devices.verdict.earphone.none");
        }
        if (testSoundFailed) {
            return format("devices.verdict.earphone.testFailed");
        }
        if (earphone.headset()) {
            return format("devices.verdict.earphone.headset", earphone.name());
        }
        return format(audio.echoCancellationActive() ? "devices.verdict.earphone.loudspeakerCancelled"
                : "devices.verdict.earphone.loudspeaker");
    }

    private String format(String key, Object... args) {
        return messages.get(key, args);
    }

    private static Optional<VideoSize> parseSize(String text) {
        String[] parts = text.split("x");
        try {
            return parts.length == 2
                    ? Optional.of(new VideoSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Hands a service result to the FX thread; camera failures become the camera verdict. */
    private <T> void onFx(CompletableFuture<T> future, Consumer<T> action) {
        future.whenComplete((value, failure) -> fxThread.execute(() -> {
            if (failure == null) {
                action.accept(value);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CameraException e) {
                LOG.warn("Camera problem: {}", e.reason(), e);
                cameraFailure = e.reason();
            } else {
                LOG.error("Device operation failed", cause);
                cameraFailure = CameraException.Reason.DRIVER_FAILED;
            }
            reloadCameras();
        }));
    }
}
