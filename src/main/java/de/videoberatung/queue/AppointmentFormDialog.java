package de.videoberatung.queue;

import de.videoberatung.api.AppointmentRules;
import de.videoberatung.api.Channel;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import java.time.chrono.IsoChronology;
import java.time.format.FormatStyle;
import java.util.function.Function;
import javafx.beans.property.StringProperty;
import javafx.collections.MapChangeListener;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import javafx.util.converter.LocalDateStringConverter;

/**
 * The form of "Neuer Termin" and "Verschieben/Bearbeiten" over an {@link AppointmentFormModel}: each field with its
 * German error under it; "Speichern" keeps the dialog open until the server saved; an overlap asks
 * "Trotzdem anlegen?".
 */
public final class AppointmentFormDialog extends Dialog<ButtonType> {

    private final AppointmentFormModel model;
    private final Messages messages;
    private final GridPane grid = new GridPane();
    private int row;

    /** Opens the form over {@code owner}; it closes itself once the server saved. */
    public static void open(Window owner, AppointmentFormModel model, Messages messages) {
        AppointmentFormDialog dialog = new AppointmentFormDialog(model, messages);
        dialog.initOwner(owner);
        dialog.show();
    }

    public AppointmentFormDialog(AppointmentFormModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        setTitle(messages.get(model.isEdit() ? "appointment.edit.title" : "appointment.new.title"));
        setHeaderText(messages.get(model.isEdit() ? "appointment.edit.header" : "appointment.new.header"));
        grid.setHgap(12);
        grid.setVgap(2);
        grid.getStyleClass().add("appointment-form");
        if (model.choosesAdvisor()) {
            ChoiceBox<UserInfo> advisor = new ChoiceBox<>(model.advisors());
            advisor.valueProperty().bindBidirectional(model.advisorProperty());
            advisor.setConverter(converter(u -> u == null ? "" : u.displayName()));
            advisor.setDisable(model.advisorFixed());
            add("advisorId", "appointment.field.advisor", advisor, "appointmentAdvisor");
        }
        boolean all = model.showsPrivateFields();
        add("customerName", "appointment.field.customerName", text(model.customerNameProperty()), "appointmentName");
        add("customerNumber", "appointment.field.customerNumber", text(model.customerNumberProperty()),
                "appointmentNumber");
        if (all) {
            add("customerEmail", "appointment.field.customerEmail", text(model.customerEmailProperty()),
                    "appointmentEmail");
            add("customerPhone", "appointment.field.customerPhone", text(model.customerPhoneProperty()),
                    "appointmentPhone");
        }
        if (all) {
            ChoiceBox<String> language = new ChoiceBox<>();
            language.getItems().setAll(AppointmentRules.LANGUAGES);
            language.valueProperty().bindBidirectional(model.languageProperty());
            language.setConverter(converter(code -> code == null ? "" : languageName(code)));
            add("customerLanguage", "appointment.field.language", language, "appointmentLanguage");
            add("topic", "appointment.field.topic", text(model.topicProperty()), "appointmentTopic");
        }
        ChoiceBox<Channel> channel = new ChoiceBox<>();
        channel.getItems().setAll(Channel.values());
        channel.valueProperty().bindBidirectional(model.channelProperty());
        channel.setConverter(converter(c -> c == null ? "" : messages.label("channel", c)));
        add("channel", "appointment.field.channel", channel, "appointmentChannel");
        DatePicker date = new DatePicker();
        date.valueProperty().bindBidirectional(model.dateProperty());
        date.setConverter(new LocalDateStringConverter(FormatStyle.MEDIUM, messages.locale(), IsoChronology.INSTANCE));
        add("date", "appointment.field.date", date, "appointmentDate");
        TextField start = text(model.startProperty());
        start.setPromptText(messages.get("appointment.field.startPrompt"));
        add("startsAt", "appointment.field.start", start, "appointmentStart");
        ChoiceBox<Integer> length = new ChoiceBox<>();
        length.getItems().setAll(AppointmentFormModel.LENGTHS);
        length.valueProperty().bindBidirectional(model.lengthMinutesProperty());
        length.setConverter(converter(m -> m == null ? "" : messages.get("appointment.minutes", m)));
        add("length", "appointment.field.length", length, "appointmentLength");

        Label problem = new Label();
        problem.setId("appointmentProblem");
        problem.getStyleClass().add("form-error");
        problem.setWrapText(true);
        problem.textProperty().bind(model.problemProperty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        getDialogPane().setContent(new VBox(8, grid, problem));

        ButtonType save = new ButtonType(messages.get("appointment.save"), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get("appointment.cancel"), ButtonBar.ButtonData.CANCEL_CLOSE);
        getDialogPane().getButtonTypes().setAll(save, cancel);
        Button saveButton = (Button) getDialogPane().lookupButton(save);
        saveButton.setId("appointmentSave");
        saveButton.disableProperty().bind(model.busyProperty());
        // The dialog stays open until the server has saved it; errors show in the form.
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            model.submit();
        });
        model.savedProperty().addListener((obs, was, saved) -> {
            if (saved) {
                setResult(save);
                close();
            }
        });
        model.overlapQuestionProperty().addListener((obs, old, question) -> {
            if (question != null) {
                askOverlap(question);
            }
        });
    }

    private void askOverlap(String question) {
        ButtonType anyway = new ButtonType(messages.get("appointment.overlap.anyway"), ButtonBar.ButtonData.YES);
        ButtonType no = new ButtonType(messages.get("appointment.overlap.no"), ButtonBar.ButtonData.NO);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, anyway, no);
        alert.initOwner(getDialogPane().getScene().getWindow());
        alert.setTitle(messages.get("appointment.overlap.title"));
        alert.setHeaderText(messages.get("appointment.overlap.header"));
        alert.showAndWait().filter(b -> b == anyway).ifPresentOrElse(b -> model.confirmOverlap(),
                model::declineOverlap);
    }

    private void add(String field, String labelKey, Node input, String id) {
        Label label = new Label(messages.get(labelKey));
        label.setLabelFor(input);
        input.setId(id);
        Label error = new Label();
        error.setId("error-" + field);
        error.getStyleClass().add("form-error");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        model.errors().addListener((MapChangeListener<String, String>) c -> {
            if (c.getKey().equals(field)) {
                error.setText(model.errors().getOrDefault(field, ""));
            }
        });
        grid.add(label, 0, row);
        grid.add(input, 1, row++);
        grid.add(error, 1, row++);
    }

    private static TextField text(StringProperty property) {
        TextField field = new TextField();
        field.textProperty().bindBidirectional(property);
        field.setPrefColumnCount(24);
        return field;
    }

    private String languageName(String code) {
        String key = "language." + code;
        return messages.bundle().containsKey(key) ? messages.get(key) : code;
    }

    /** A choice's texts (a choice box never parses). */
    static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("choice only");
            }
        };
    }
}
