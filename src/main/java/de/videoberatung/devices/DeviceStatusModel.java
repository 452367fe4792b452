package de.videoberatung.devices;

import de.videoberatung.media.audio.AudioDeviceService;
import de.videoberatung.media.audio.AudioEvent;
import de.videoberatung.media.camera.CameraEvent;
import de.videoberatung.media.camera.CameraService;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The one-line camera and headset status of the main window, following device events. */
public final class DeviceStatusModel {

    private final CameraService camera;
    private final AudioDeviceService audio;
    private final ResourceBundle bundle;
    private final ReadOnlyStringWrapper cameraStatus = new ReadOnlyStringWrapper(this, "cameraStatus");
    private final ReadOnlyStringWrapper headsetStatus = new ReadOnlyStringWrapper(this, "headsetStatus");
    private final Consumer<CameraEvent> cameraListener = e -> Platform.runLater(this::update);
    private final Consumer<AudioEvent> audioListener = e -> Platform.runLater(this::update);

    /** Starts following the devices; call on the FX thread. */
    public DeviceStatusModel(CameraService camera, AudioDeviceService audio, ResourceBundle bundle) {
        this.camera = camera;
        this.audio = audio;
        this.bundle = bundle;
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
            cameraStatus.set(MessageFormat.format(bundle.getString("devices.status.camera"),
                    camera.current().get().name()));
        } else if (camera.isAudioOnly()) {
            cameraStatus.set(bundle.getString("devices.status.camera.off"));
        } else {
            // The camera stays closed outside calls and the check (its light would be on all day): say what is ready.
            camera.cameras().thenAccept(list -> Platform.runLater(() -> {
                if (camera.current().isEmpty() && !camera.isAudioOnly()) {
                    cameraStatus.set(list.isEmpty() ? bundle.getString("devices.status.camera.none")
                            : MessageFormat.format(bundle.getString("devices.status.camera.available"),
                            list.get(0).name()));
                }
            }));
        }
        headsetStatus.set(audio.earphone()
                .map(d -> MessageFormat.format(bundle.getString(d.headset() ? "devices.status.headset"
                        : "devices.status.loudspeaker"), d.name()))
                .orElse(bundle.getString("devices.status.audio.none")));
    }
}
