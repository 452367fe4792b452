package de.videoberatung.queue;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.i18n.Messages;
import java.util.Date;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;

/** Asks why a customer did not take part; the reason matters legally, so there is no default. */
final class NoShowDialog extends Dialog<NoShowReason> {

    NoShowDialog(Appointment a, Messages messages) {
        setTitle(messages.get("queue.noShow.title"));
        setHeaderText(messages.get("queue.noShow.header", a.customerName(), Date.from(a.startsAt())));
        ToggleGroup group = new ToggleGroup();
        VBox box = new VBox(8);
        box.getStyleClass().add("dialog-content-box");
        for (NoShowReason reason : NoShowReason.values()) {
            RadioButton option = new RadioButton(messages.label("noShowReason", reason));
            option.setUserData(reason);
            option.setToggleGroup(group);
            option.setId("noShow-" + reason.name());
            box.getChildren().add(option);
        }
        Label hint = new Label(messages.get("queue.noShow.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        box.getChildren().add(hint);
        getDialogPane().setContent(box);
        ButtonType ok = new ButtonType(messages.get("button.ok"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("button.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(ok, cancel);
        getDialogPane().lookupButton(ok).disableProperty().bind(group.selectedToggleProperty().isNull());
        setResultConverter(button -> button == ok ? (NoShowReason) group.getSelectedToggle().getUserData() : null);
    }
}
