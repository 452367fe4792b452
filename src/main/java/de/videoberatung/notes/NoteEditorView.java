package de.videoberatung.notes;

import de.videoberatung.i18n.Messages;
import de.videoberatung.store.LocalNote;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The note editor as an embeddable node (the queue's note window and the call window use it): the
 * fields, the sync state, finalise/correct, the conflict resolution and the customer's earlier notes.
 * Typing is saved locally once it pauses, and always when a field loses focus.
 */
public final class NoteEditorView extends BorderPane {

    static final Duration SETTLE = Duration.millis(500);

    private final NoteEditorModel model;
    private final Messages messages;
    private final PauseTransition settle = new PauseTransition(SETTLE);

    public NoteEditorView(NoteEditorModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        getStyleClass().add("note-editor");
        settle.setOnFinished(e -> model.save());
        setCenter(new VBox(8, header(), fields(), conflictPane()));
        setRight(earlierNotes());
        setPadding(new Insets(12));
    }

    public NoteEditorModel model() {
        return model;
    }

    private HBox header() {
        Label state = new Label();
        state.setId("noteState");
        state.textProperty().bind(model.statusTextProperty());
        state.getStyleClass().add("note-state");
        model.stateProperty().addListener((obs, old, s) -> {
            state.getStyleClass().removeIf(c -> c.startsWith("note-state-"));
            if (s != null) {
                state.getStyleClass().add("note-state-" + s.name().toLowerCase(Locale.ROOT));
            }
        });
        Label error = new Label();
        error.setId("noteError");
        error.getStyleClass().add("text-danger");
        error.textProperty().bind(model.errorProperty());
        Button finalise = new Button(messages.get("notes.finalise"));
        finalise.setId("noteFinalise");
        finalise.disableProperty().bind(model.readOnlyProperty().or(model.loadedProperty().not())
                .or(model.stateProperty().isEqualTo(LocalNote.SyncState.CONFLICT)));
        finalise.setOnAction(e -> model.finalise());
        Button correct = new Button(messages.get("notes.correct"));
        correct.setId("noteCorrect");
        correct.visibleProperty().bind(model.readOnlyProperty());
        correct.managedProperty().bind(correct.visibleProperty());
        correct.setOnAction(e -> model.startCorrection());
        // The state text may wrap; the buttons keep their full labels.
        state.setWrapText(true);
        state.setMinHeight(Region.USE_PREF_SIZE);
        state.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(state, Priority.ALWAYS);
        error.setWrapText(true);
        finalise.setMinWidth(Region.USE_PREF_SIZE);
        correct.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(12, state, error, correct, finalise);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private VBox fields() {
        TextArea text = area("noteText", model.textProperty(), 10);
        TextArea concern = area("noteConcern", model.concernProperty(), 2);
        TextArea outcome = area("noteOutcome", model.outcomeProperty(), 2);
        TextArea agreements = area("noteAgreements", model.agreementsProperty(), 3);
        DatePicker followUp = new DatePicker();
        followUp.setId("noteFollowUp");
        followUp.valueProperty().bindBidirectional(model.followUpProperty());
        followUp.disableProperty().bind(model.readOnlyProperty());
        followUp.valueProperty().addListener((obs, old, v) -> settle.playFromStart());

        // Labels above their fields: the editor also lives in the call window's narrow side column.
        VBox form = new VBox(4);
        form.getChildren().addAll(
                labelFor("notes.field.concern", concern), concern,
                labelFor("notes.field.text", text), text,
                labelFor("notes.field.outcome", outcome), outcome,
                labelFor("notes.field.agreements", agreements), agreements,
                labelFor("notes.field.followUp", followUp), followUp);
        VBox.setVgrow(text, Priority.ALWAYS);
        return form;
    }

    private Label labelFor(String key, Node field) {
        Label label = new Label(messages.get(key));
        label.setLabelFor(field);
        label.getStyleClass().add("note-field-label");
        return label;
    }

    private TextArea area(String id, StringProperty property, int rows) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setWrapText(true);
        area.setPrefRowCount(rows);
        area.textProperty().bindBidirectional(property);
        area.editableProperty().bind(model.readOnlyProperty().not().and(model.loadedProperty()));
        area.textProperty().addListener((obs, old, v) -> settle.playFromStart());
        saveOnFocusLoss(area);
        return area;
    }

    private void saveOnFocusLoss(TextInputControl control) {
        control.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                settle.stop();
                model.save();
            }
        });
    }

    /** Both versions side by side with the three ways out. */
    private VBox conflictPane() {
        Label title = new Label(messages.get("notes.conflict.title"));
        title.getStyleClass().add("title-4");
        TextArea mine = new TextArea();
        mine.setId("conflictMine");
        mine.setEditable(false);
        mine.setWrapText(true);
        mine.textProperty().bind(model.textProperty());
        TextArea other = new TextArea();
        other.setId("conflictOther");
        other.setEditable(false);
        other.setWrapText(true);
        other.textProperty().bind(Bindings.createStringBinding(() -> model.otherVersionProperty().get() == null ? ""
                : model.otherVersionProperty().get().text(), model.otherVersionProperty()));
        VBox left = new VBox(4, new Label(messages.get("notes.conflict.mine")), mine);
        VBox right = new VBox(4, new Label(messages.get("notes.conflict.other")), other);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        Button keepMine = new Button(messages.get("notes.conflict.keepMine"));
        keepMine.setId("conflictKeepMine");
        keepMine.setOnAction(e -> model.keepMine());
        Button takeOther = new Button(messages.get("notes.conflict.takeOther"));
        takeOther.setId("conflictTakeOther");
        takeOther.setOnAction(e -> model.takeOther());
        Button merge = new Button(messages.get("notes.conflict.merge"));
        merge.setId("conflictMerge");
        merge.setOnAction(e -> model.merge());
        VBox pane = new VBox(6, title, new HBox(8, left, right), new HBox(8, keepMine, takeOther, merge));
        pane.setId("conflictPane");
        pane.getStyleClass().add("note-conflict");
        pane.visibleProperty().bind(model.stateProperty().isEqualTo(LocalNote.SyncState.CONFLICT));
        pane.managedProperty().bind(pane.visibleProperty());
        return pane;
    }

    private VBox earlierNotes() {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(messages.locale());
        ListView<LocalNote> list = new ListView<>(model.earlierNotes());
        list.setId("earlierNotes");
        list.setPrefWidth(260);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LocalNote note, boolean empty) {
                super.updateItem(note, empty);
                if (empty || note == null) {
                    setText(null);
                    return;
                }
                String when = note.appointmentStartsAt() == null ? ""
                        : date.format(note.appointmentStartsAt().atZone(messages.zone()));
                String excerpt = note.content().text().length() > 120
                        ? note.content().text().substring(0, 120) + "…" : note.content().text();
                setText(messages.get("notes.earlier.item", when, excerpt));
                setWrapText(true);
            }
        });
        Label empty = new Label(messages.get("notes.earlier.none"));
        list.setPlaceholder(empty);
        VBox box = new VBox(6, new Label(messages.get("notes.earlier.title")), list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(0, 0, 0, 12));
        return box;
    }
}
