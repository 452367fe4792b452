package de.videoberatung.devices;

import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** Camera and headset status for the main window's status bar. */
public final class DeviceStatusView extends HBox {

    public DeviceStatusView(DeviceStatusModel model) {
        getStyleClass().add("device-status");
        setSpacing(16);
        Label cameraLabel = new Label();
        cameraLabel.setId("cameraStatus");
        cameraLabel.textProperty().bind(model.cameraStatusProperty());
        Label headsetLabel = new Label();
        headsetLabel.setId("headsetStatus");
        headsetLabel.textProperty().bind(model.headsetStatusProperty());
        getChildren().addAll(cameraLabel, headsetLabel);
    }
}
