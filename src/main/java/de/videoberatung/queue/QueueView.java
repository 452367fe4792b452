package de.videoberatung.queue;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.converter.LocalDateStringConverter;
import org.controlsfx.control.textfield.TextFields;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The day queue: date navigation, search, and the table of appointments with their actions. */
public final class QueueView extends BorderPane {

    private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");

    private final QueueModel model;
    private final Messages messages;
    private final TableView<Appointment> table = new TableView<>();
    private final TextField search;
    private Consumer<Appointment> onOpenNote = a -> { };

    public QueueView(QueueModel model, Messages messages) {
        this.model = model;
        this.messages = messages;
        getStyleClass().add("queue-view");
        search = TextFields.createClearableTextField();
        setTop(header());
        setCenter(buildTable());
        installShortcuts();
        model.setAfterLayout(this::afterNextLayout);
    }

    /** Runs {@code work} after the layout pass of the next pulse (at once while the view is not in a scene). */
    private void afterNextLayout(Runnable work) {
        Scene scene = getScene();
        if (scene == null) {
            work.run();
            return;
        }
        boolean[] done = {false};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (!done[0]) {
                done[0] = true;
                work.run();
                // Not from inside the scene's own round of its listeners.
                Platform.runLater(() -> scene.removePostLayoutPulseListener(listener[0]));
            }
        };
        scene.addPostLayoutPulseListener(listener[0]);
        Platform.requestNextPulse();
    }

    /** What "Notiz" does for a row: open the appointment's case note. */
    public void setOnOpenNote(Consumer<Appointment> action) {
        onOpenNote = action;
    }

    /** The table, for focus handling and tests. */
    public TableView<Appointment> table() {
        return table;
    }

    private VBox header() {
        Label title = new Label();
        title.getStyleClass().add("title-3");
        title.setId("queueDate");
        DateTimeFormatter longDate = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(messages.locale());
        title.textProperty().bind(Bindings.createStringBinding(
                () -> model.dayProperty().get() == null ? "" : longDate.format(model.dayProperty().get()),
                model.dayProperty()));

        Button previous = iconButton(Material2AL.CHEVRON_LEFT, messages.get("queue.previousDay"));
        previous.setOnAction(e -> model.previousDay());
        previous.setId("previousDay");
        Button next = iconButton(Material2AL.CHEVRON_RIGHT, messages.get("queue.nextDay"));
        next.setOnAction(e -> model.nextDay());
        next.setId("nextDay");
        Button today = new Button(messages.get("queue.today"), new FontIcon(Material2MZ.TODAY));
        today.setOnAction(e -> model.today());
        today.setId("today");
        DatePicker picker = new DatePicker();
        picker.setId("datePicker");
        picker.valueProperty().bindBidirectional(model.dayProperty());
        picker.setConverter(new LocalDateStringConverter(FormatStyle.MEDIUM,
                messages.locale(), IsoChronology.INSTANCE));
        picker.setPrefWidth(140);
        picker.setDayCellFactory(DayCells.markingToday(model::todaysDate));

        search.setPromptText(messages.get("queue.search"));
        search.setId("search");
        search.textProperty().bindBidirectional(model.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        search.setMaxWidth(420);

        Button create = new Button(messages.get("queue.newAppointment"), new FontIcon(Material2AL.ADD));
        create.setId("newAppointment");
        create.setOnAction(e -> openForm(model.newAppointmentForm()));
        Button importFile = new Button(messages.get("queue.import"), new FontIcon(Material2AL.FILE_UPLOAD));
        importFile.setId("importAppointments");
        importFile.setOnAction(e -> AppointmentImportDialog.chooseAndOpen(getScene().getWindow(), model::importModel,
                messages));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox navigation = new HBox(8, previous, today, next, picker, title, spacer, create, importFile, search);
        navigation.setAlignment(Pos.CENTER_LEFT);

        Label summary = new Label();
        summary.setId("queueSummary");
        summary.textProperty().bind(model.summaryProperty());
        summary.getStyleClass().add("text-muted");
        Label cached = new Label();
        cached.setId("cachedState");
        cached.getStyleClass().addAll("text-muted", "cached-state");
        cached.visibleProperty().bind(model.fromCacheProperty().and(model.savedAtProperty().isNotNull()));
        cached.managedProperty().bind(cached.visibleProperty());
        cached.textProperty().bind(Bindings.createStringBinding(() -> model.savedAtProperty().get() == null ? ""
                : messages.get("queue.cachedState", Date.from(model.savedAtProperty().get())),
                model.savedAtProperty()));
        cached.setGraphic(new FontIcon(Material2MZ.WIFI_OFF));
        HBox status = new HBox(16, summary, cached);

        VBox header = new VBox(8, navigation, status);
        header.getStyleClass().add("queue-header");
        return header;
    }

    private TableView<Appointment> buildTable() {
        table.setId("queueTable");
        table.setItems(model.visibleAppointments());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        model.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());

        TableColumn<Appointment, String> time = column("queue.column.time", 110, model.text()::timeRange);
        TableColumn<Appointment, String> customer = column("queue.column.customer", 180, Appointment::customerName);
        TableColumn<Appointment, String> number = column("queue.column.customerNumber", 130,
                Appointment::customerNumber);
        TableColumn<Appointment, String> topic = column("queue.column.topic", 240, Appointment::topic);

        TableColumn<Appointment, Appointment> channel = new TableColumn<>(messages.get("queue.column.channel"));
        channel.setPrefWidth(110);
        channel.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        channel.setCellFactory(c -> new ChannelCell());

        TableColumn<Appointment, Appointment> status = new TableColumn<>(messages.get("queue.column.status"));
        status.setPrefWidth(330);
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setCellFactory(c -> new StatusCell<>(a -> a, model.text(), model.nowProperty()));

        TableColumn<Appointment, String> invitation = column("queue.column.invitation", 170,
                model.text()::invitation);

        TableColumn<Appointment, Appointment> actions = new TableColumn<>(messages.get("queue.column.actions"));
        actions.setPrefWidth(210);
        actions.setMinWidth(200);
        actions.setSortable(false);
        actions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(c -> new ActionsCell());

        table.getColumns().setAll(List.of(time, customer, number, topic, channel, status, invitation, actions));
        table.setRowFactory(t -> {
            TableRow<Appointment> row = new TableRow<>();
            // One menu per row, filled when it opens: building five menu items with icons at every scroll step
            // or refresh cost more than the visible cells themselves.
            ContextMenu menu = new ContextMenu();
            menu.setOnShowing(e -> menu.getItems().setAll(actionItems(row.getItem())));
            row.itemProperty().addListener((obs, old, a) -> {
                row.setContextMenu(a == null ? null : menu);
                row.pseudoClassStateChanged(WAITING, a != null && a.status() == AppointmentStatus.CUSTOMER_WAITING);
            });
            return row;
        });
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> model.loadingProperty().get()
                        ? messages.get("queue.loading")
                        : model.allAppointments().isEmpty() ? messages.get("queue.empty")
                        : messages.get("queue.emptyFiltered"),
                model.loadingProperty(), model.allAppointments(), model.visibleAppointments()));
        table.setPlaceholder(placeholder);
        return table;
    }

    private TableColumn<Appointment, String> column(String key, double width,
                                                    Function<Appointment, String> value) {
        TableColumn<Appointment, String> column = new TableColumn<>(messages.get(key));
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    private void installShortcuts() {
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                return;
            }
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                    search::requestFocus);
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN),
                    model::previousDay);
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN),
                    model::nextDay);
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.HOME, KeyCombination.ALT_DOWN),
                    model::today);
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN),
                    () -> copyLink(model.selectedProperty().get()));
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                    () -> openForm(model.newAppointmentForm()));
            // The case note moved to Ctrl+Shift+N when Ctrl+N became "Neuer Termin" (as in Outlook).
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN,
                    KeyCombination.SHIFT_DOWN), () -> {
                if (model.selectedProperty().get() != null) {
                    onOpenNote.accept(model.selectedProperty().get());
                }
            });
        });
        // Enter on a waiting customer's row starts the call.
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && model.canStartCall(model.selectedProperty().get())) {
                model.startCall(model.selectedProperty().get());
                e.consume();
            }
        });
        // Down from the search field goes straight into the list.
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN && !table.getItems().isEmpty()) {
                table.requestFocus();
                if (table.getSelectionModel().isEmpty()) {
                    table.getSelectionModel().selectFirst();
                }
                e.consume();
            }
        });
    }

    private List<MenuItem> actionItems(Appointment a) {
        MenuItem copy = new MenuItem(messages.get("queue.action.copyLink"), new FontIcon(Material2AL.LINK));
        copy.setDisable(!model.canCopyLink(a));
        copy.setOnAction(e -> copyLink(a));
        MenuItem noShow = new MenuItem(messages.get("queue.action.noShow"), new FontIcon(Material2AL.EVENT_BUSY));
        noShow.setDisable(!model.canMarkNoShow(a));
        noShow.setOnAction(e -> askNoShow(a));
        MenuItem edit = new MenuItem(messages.get("queue.action.edit"), new FontIcon(Material2AL.EDIT));
        edit.setId("editAppointment");
        edit.setDisable(!model.canEdit(a));
        edit.setOnAction(e -> openForm(model.editForm(a)));
        MenuItem cancel = new MenuItem(messages.get("queue.action.cancel"), new FontIcon(Material2AL.CANCEL));
        cancel.setDisable(!model.canCancel(a));
        cancel.setOnAction(e -> askCancel(a));
        MenuItem note = new MenuItem(messages.get("notes.action.open"), new FontIcon(Material2MZ.NOTE_ADD));
        note.setOnAction(e -> onOpenNote.accept(a));
        MenuItem resend = new MenuItem(messages.get("queue.action.resendInvitation"), new FontIcon(Material2MZ.SEND));
        resend.setId("resendInvitation");
        resend.setDisable(!model.canResendInvitation(a));
        resend.setOnAction(e -> model.resendInvitation(a));
        if (!model.offersCustomerSimulation()) {
            return List.of(copy, edit, resend, noShow, cancel, note);
        }
        MenuItem simulate = new MenuItem(messages.get("queue.action.simulateCustomer"),
                new FontIcon(Material2MZ.OPEN_IN_BROWSER));
        simulate.setId("simulateCustomer");
        simulate.setDisable(!model.canSimulateCustomer(a));
        simulate.setOnAction(e -> model.simulateCustomer(a));
        return List.of(copy, edit, resend, noShow, cancel, note, simulate);
    }

    private void copyLink(Appointment a) {
        String link = model.joinLinkFor(a);
        if (link != null) {
            ClipboardContent content = new ClipboardContent();
            content.putString(link);
            Clipboard.getSystemClipboard().setContent(content);
        }
    }

    private void askNoShow(Appointment a) {
        NoShowDialog dialog = new NoShowDialog(a, messages);
        dialog.initOwner(getScene().getWindow());
        dialog.showAndWait().ifPresent(reason -> model.markNoShow(a, reason));
    }

    private void askCancel(Appointment a) {
        CancelDialog.ask(getScene().getWindow(), a, messages).ifPresent(reason -> model.cancel(a, reason));
    }

    private void openForm(AppointmentFormModel form) {
        AppointmentFormDialog.open(getScene().getWindow(), form, messages);
    }

    /** Imports {@code file} and shows the answer: what the file chooser leads to (UI tests start here). */
    public void openImport(Path file) {
        AppointmentImportDialog.open(getScene().getWindow(), model.importModel(), messages, file);
    }

    private static Button iconButton(Ikon icon, String tooltip) {
        Button button = new Button(null, new FontIcon(icon));
        button.setTooltip(new Tooltip(tooltip));
        button.setAccessibleText(tooltip);
        return button;
    }

    public static Ikon iconOf(AppointmentStatus status) {
        return switch (status) {
            case SCHEDULED -> Material2MZ.SCHEDULE;
            case CUSTOMER_WAITING -> Material2AL.HOURGLASS_TOP;
            case IN_CALL -> Material2AL.HEADSET_MIC;
            case COMPLETED -> Material2AL.CHECK_CIRCLE;
            case NO_SHOW -> Material2AL.EVENT_BUSY;
            case CANCELLED -> Material2AL.CANCEL;
        };
    }

    public static Ikon iconOf(Channel channel) {
        return switch (channel) {
            case VIDEO -> Material2MZ.VIDEOCAM;
            case PHONE -> Material2MZ.PHONE;
            case ON_SITE -> Material2AL.APARTMENT;
        };
    }

    /** Channel as icon and text: never colour or icon alone. */
    private final class ChannelCell extends TableCell<Appointment, Appointment> {
        /**
         * One icon per cell, re-pointed, and hidden rather than removed while the cell is empty: a node that is
         * new to the scene, or comes back to it, is styled anew.
         */
        private final FontIcon icon = new FontIcon();

        ChannelCell() {
            icon.managedProperty().bind(icon.visibleProperty());
            icon.setVisible(false);
            setGraphic(icon);
        }

        @Override
        protected void updateItem(Appointment a, boolean empty) {
            super.updateItem(a, empty);
            if (empty || a == null) {
                setText(null);
                icon.setVisible(false);
            } else {
                setText(messages.label("channel", a.channel()));
                icon.setIconCode(iconOf(a.channel()));
                icon.setVisible(true);
            }
        }
    }

    /** The row's actions: start the call or copy the join link directly, the rest in a menu. */
    private final class ActionsCell extends TableCell<Appointment, Appointment> {
        private final Button start = new Button(messages.get("callwindow.startCall"), new FontIcon(Material2MZ.VIDEOCAM));
        private final Button copy = new Button(messages.get("queue.action.copyLink"), new FontIcon(Material2AL.LINK));
        private final MenuButton more = new MenuButton(null, new FontIcon(Material2MZ.MORE_VERT));
        private final HBox box = new HBox(6, start, copy, more);

        ActionsCell() {
            start.getStyleClass().addAll("small", "accent", "start-call");
            start.managedProperty().bind(start.visibleProperty());
            copy.managedProperty().bind(copy.visibleProperty());
            copy.getStyleClass().add("small");
            more.getStyleClass().add("small");
            more.setAccessibleText(messages.get("queue.column.actions"));
            // Filled when it opens, for the row's appointment then (see the row's context menu).
            more.setOnShowing(e -> {
                List<MenuItem> items = actionItems(getItem());
                more.getItems().setAll(items.subList(1, items.size()));
            });
            box.setAlignment(Pos.CENTER_LEFT);
            // Hidden rather than removed while the cell is empty (see ChannelCell).
            box.managedProperty().bind(box.visibleProperty());
            box.setVisible(false);
            setGraphic(box);
        }

        @Override
        protected void updateItem(Appointment a, boolean empty) {
            super.updateItem(a, empty);
            if (empty || a == null) {
                start.setVisible(false);
                copy.setVisible(false);
                box.setVisible(false);
                return;
            }
            start.setVisible(model.canStartCall(a));
            start.setOnAction(e -> model.startCall(a));
            // A waiting customer has the link already: the row offers the call instead.
            copy.setVisible(model.canCopyLink(a) && !start.isVisible());
            copy.setOnAction(e -> copyLink(a));
            box.setVisible(true);
        }
    }

    /** For tests: the date shown. */
    LocalDate shownDay() {
        return model.dayProperty().get();
    }
}
