package de.videoberatung.devices;

import javafx.application.Platform;
import de.videoberatung.i18n.Messages;
import java.util.Objects;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The Geräte-Check in its own window: the checks run while it is open, and stop when it closes. */
public final class DeviceCheckWindow {

    private final Stage stage = new Stage();
    private final DeviceCheckModel model;

    public DeviceCheckWindow(Window owner, DeviceServices devices, Messages messages) {
        model = new DeviceCheckModel(devices.cameras(), devices.audio(), devices.preferences(), messages,
                Platform::runLater);
        Scene scene = new Scene(new DeviceCheckView(model, messages), 820, 640);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.setTitle(messages.get("devices.title"));
        stage.setOnHidden(e -> model.stop());
    }

    public void show() {
        model.start();
        stage.show();
    }

    public Stage stage() {
        return Objects.requireNonNull(stage);
    }
}
