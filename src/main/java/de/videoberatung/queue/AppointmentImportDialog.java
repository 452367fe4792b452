package de.videoberatung.queue;

import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The answer to "Importieren…" over an {@link AppointmentImportModel}: counts and each rejected entry. For a team
 * lead or an admin it first asks for whom the file is (the advisor, then "Importieren").
 */
public final class AppointmentImportDialog extends Dialog<ButtonType> {

    /** "Importieren…": the file chooser (calendars and CSV files), then the import of the chosen file. */
    public static void chooseAndOpen(Window owner, Supplier<AppointmentImportModel> model, Messages messages) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("import.choose"));
        chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter(messages.get("import.filter"),
                "*.ics", "*.csv", "*.ICS", "*.CSV"));
        File file = chooser.showOpenDialog(owner);
        if (file != null) {
            open(owner, model.get(), messages, file.toPath());
        }
    }

    /** Shows the import of {@code file} over {@code model}: sent at once, or once the advisor is picked. */
    public static void open(Window owner, AppointmentImportModel model, Messages messages, Path file) {
        AppointmentImportDialog dialog = new AppointmentImportDialog(model, messages);
        dialog.initOwner(owner);
        model.importFile(file);
        dialog.show();
    }

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
        VBox content = new VBox(8, summary, rejected);
        getDialogPane().setContent(content);
        ButtonType start = new ButtonType(messages.get("import.start"), ButtonBar.ButtonData.OK_DONE);
        ButtonType validOnly = new ButtonType(messages.get("import.validOnly"), ButtonBar.ButtonData.OTHER);
        ButtonType close = new ButtonType(messages.get("import.close"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(validOnly, close);
        if (model.choosesAdvisor()) {
            ChoiceBox<UserInfo> advisor = new ChoiceBox<>(model.advisors());
            advisor.setId("importAdvisor");
            advisor.valueProperty().bindBidirectional(model.advisorProperty());
            advisor.setConverter(AppointmentFormDialog.converter(u -> u == null ? "" : u.displayName()));
            advisor.disableProperty().bind(model.startedProperty());
            Label label = new Label(messages.get("import.advisor"));
            label.setLabelFor(advisor);
            HBox row = new HBox(8, label, advisor);
            row.setAlignment(Pos.CENTER_LEFT);
            content.getChildren().add(0, row);
            getDialogPane().getButtonTypes().add(0, start);
            Button startButton = (Button) getDialogPane().lookupButton(start);
            startButton.setId("importStart");
            startButton.visibleProperty().bind(model.startedProperty().not());
            startButton.managedProperty().bind(startButton.visibleProperty());
            startButton.disableProperty().bind(model.advisorProperty().isNull());
            // The dialog stays open: the answer shows in it.
            startButton.addEventFilter(ActionEvent.ACTION, e -> {
                e.consume();
                model.start();
            });
            setOnShown(e -> advisor.requestFocus());
        }
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
