package de.videoberatung.devices;

import java.util.Objects;
import java.util.ResourceBundle;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The Geräte-Check in its own window: the checks run while it is open, and stop when it closes. */
public final class DeviceCheckWindow {

    private final Stage stage = new Stage();
    private final DeviceCheckModel model;

    public DeviceCheckWindow(Window owner, DeviceServices devices, ResourceBundle bundle) {
        model = new DeviceCheckModel(devices.cameras(), devices.audio(), devices.preferences(), bundle);
        Scene scene = new Scene(new DeviceCheckView(model, bundle), 820, 640);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.setTitle(bundle.getString("devices.title"));
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
