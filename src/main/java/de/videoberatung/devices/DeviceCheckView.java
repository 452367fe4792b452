package de.videoberatung.devices;

import de.videoberatung.i18n.Messages;
import de.videoberatung.media.audio.AudioDevice;
import de.videoberatung.media.camera.CameraInfo;
import de.videoberatung.media.camera.VideoSize;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Geräte-Check screen: builds the nodes and binds them to a {@link DeviceCheckModel}. */
public final class DeviceCheckView extends VBox {

    public DeviceCheckView(DeviceCheckModel model, Messages messages) {
        getStyleClass().add("device-check");
        setSpacing(12);

        ImageView preview = new ImageView();
        preview.setId("cameraPreview");
        preview.setFitWidth(480);
        preview.setFitHeight(270);
        preview.setPreserveRatio(true);
        preview.imageProperty().bind(model.preview().imageProperty());

        ComboBox<CameraInfo> cameraSelector = selector("cameraSelector", model.cameras(), CameraInfo::name);
        cameraSelector.valueProperty().bindBidirectional(model.selectedCameraProperty());
        ComboBox<VideoSize> sizeSelector = selector("sizeSelector", model.sizes(), VideoSize::toString);
        sizeSelector.valueProperty().bindBidirectional(model.selectedSizeProperty());
        Button audioOnly = new Button(messages.get("devices.camera.audioOnly"));
        audioOnly.setId("audioOnlyButton");
        audioOnly.setOnAction(e -> model.audioOnly());

        ComboBox<AudioDevice> microphoneSelector = selector("microphoneSelector", model.microphones(), AudioDevice::name);
        microphoneSelector.valueProperty().bindBidirectional(model.selectedMicrophoneProperty());
        ProgressBar level = new ProgressBar();
        level.setId("microphoneLevel");
        level.progressProperty().bind(model.microphoneLevelProperty());

        ComboBox<AudioDevice> earphoneSelector = selector("earphoneSelector", model.earphones(), AudioDevice::name);
        earphoneSelector.valueProperty().bindBidirectional(model.selectedEarphoneProperty());
        Button testSound = new Button(messages.get("devices.testSound"));
        testSound.setId("testSoundButton");
        testSound.setOnAction(e -> model.playTestSound());

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, new Label(messages.get("devices.camera")), new HBox(8, cameraSelector,
                new Label(messages.get("devices.camera.size")), sizeSelector, audioOnly));
        grid.add(verdict("cameraVerdict", model.cameraVerdictProperty()), 1, 1);
        grid.addRow(2, new Label(messages.get("devices.microphone")), new HBox(8, microphoneSelector, level));
        grid.add(verdict("microphoneVerdict", model.microphoneVerdictProperty()), 1, 3);
        grid.addRow(4, new Label(messages.get("devices.earphone")), new HBox(8, earphoneSelector, testSound));
        grid.add(verdict("earphoneVerdict", model.earphoneVerdictProperty()), 1, 5);

        Label notice = verdict("deviceNotice", model.noticeProperty());
        notice.getStyleClass().add("device-notice");
        getChildren().addAll(preview, grid, notice);
    }

    private static <T> ComboBox<T> selector(String id, ObservableList<T> items, Function<T, String> name) {
        ComboBox<T> box = new ComboBox<>(items);
        box.setId(id);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : name.apply(item);
            }

            @Override
            public T fromString(String text) {
                return items.stream().filter(i -> name.apply(i).equals(text)).findFirst().orElse(null);
            }
        });
        return box;
    }

    private static Label verdict(String id, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("device-verdict");
        label.textProperty().bind(text);
        return label;
    }
}
