package de.videoberatung.queue;

import de.videoberatung.i18n.Messages;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

/** The answer to "Importieren…" over an {@link AppointmentImportModel}: counts and each rejected entry. */
public final class AppointmentImportDialog extends Dialog<ButtonType> {

    public AppointmentImportDialog(AppointmentImportModel model, Messages messages) {
        setTitle(messages.get("import.title"));
        setHeaderText(messages.get("import.header"));
        Label summary = new Label();
        summary.setId("importSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summaryProperty());
        ListView<String> rejected = new ListView<>(model.rejected());
        rejected.setId("importRejected");
        rejected.setPrefSize(560, 220);
        rejected.visibleProperty().bind(Bindings.isNotEmpty(model.rejected()));
        rejected.managedProperty().bind(rejected.visibleProperty());
        getDialogPane().setContent(new VBox(8, summary, rejected));
        ButtonType validOnly = new ButtonType(messages.get("import.validOnly"), ButtonBar.ButtonData.OTHER);
        ButtonType close = new ButtonType(messages.get("import.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(validOnly, close);
        Button validButton = (Button) getDialogPane().lookupButton(validOnly);
        validButton.setId("importValidOnly");
        validButton.visibleProperty().bind(model.offersValidOnlyProperty());
        validButton.managedProperty().bind(validButton.visibleProperty());
        validButton.disableProperty().bind(model.busyProperty());
        validButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            model.importValidEntries();
        });
    }
}
