package de.videoberatung.devices;

import java.util.concurrent.Executor;
import de.videoberatung.i18n.Messages;
import de.videoberatung.media.audio.AudioDeviceService;
import de.videoberatung.media.audio.AudioEvent;
import de.videoberatung.media.camera.CameraEvent;
import de.videoberatung.media.camera.CameraService;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The one-line camera and headset status of the main window, following device events. */
public final class DeviceStatusModel {

    private final CameraService camera;
    private final AudioDeviceService audio;
    private final Messages messages;
    private final ReadOnlyStringWrapper cameraStatus = new ReadOnlyStringWrapper(this, "cameraStatus");
    private final ReadOnlyStringWrapper headsetStatus = new ReadOnlyStringWrapper(this, "headsetStatus");
    private final Executor fxThread;
    private final Consumer<CameraEvent> cameraListener;
    private final Consumer<AudioEvent> audioListener;

    /** Starts following the devices; call on the FX thread. */
    /** @param fxThread runs work on the FX thread ({@code Platform::runLater} in the app) */
    public DeviceStatusModel(CameraService camera, AudioDeviceService audio, Messages messages, Executor fxThread) {
        this.camera = camera;
        this.audio = audio;
        this.messages = messages;
        this.fxThread = fxThread;
        this.cameraListener = e -> fxThread.execute(this::update);
        this.audioListener = e -> fxThread.execute(this::update);
        camera.addListener(cameraListener);
        audio.addListener(audioListener);
        update();
    }

    public ReadOnlyStringProperty cameraStatusProperty() {
        return cameraStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headsetStatusProperty() {
        return headsetStatus.getReadOnlyProperty();
    }

    public void dispose() {
        camera.removeListener(cameraListener);
        audio.removeListener(audioListener);
    }

    void update() {
        if (camera.current().isPresent()) {
            cameraStatus.set(messages.get("devices.status.camera", camera.current().get().name()));
        } else if (camera.isAudioOnly()) {
            cameraStatus.set(messages.get("devices.status.camera.off"));
        } else {
            // The camera stays closed outside calls and the check (its light would be on all day): say what is ready.
            camera.cameras().thenAccept(list -> fxThread.execute(() -> {
                if (camera.current().isEmpty() && !camera.isAudioOnly()) {
                    cameraStatus.set(list.isEmpty() ? messages.get("devices.status.camera.none")
                            : messages.get("devices.status.camera.available", list.get(0).name()));
                }
            }));
        }
        headsetStatus.set(audio.earphone()
                .map(d -> messages.get(d.headset() ? "devices.status.headset" : "devices.status.loudspeaker",
                        d.name()))
                .orElse(messages.get("devices.status.audio.none")));
    }
}
