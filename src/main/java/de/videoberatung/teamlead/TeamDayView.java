package de.videoberatung.teamlead;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentFormDialog;
import de.videoberatung.queue.AppointmentFormModel;
import de.videoberatung.queue.AppointmentImportDialog;
import de.videoberatung.queue.CancelDialog;
import de.videoberatung.queue.QueueView;
import de.videoberatung.queue.StatusCell;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.print.PageLayout;
import javafx.print.PrinterJob;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Separator;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.converter.LocalDateStringConverter;
import org.controlsfx.control.textfield.TextFields;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The team lead's day: date navigation, filters, the figures of the shown rows, the table of the team's
 * appointments, consultations per hour, CSV export and printing.
 */
public final class TeamDayView extends BorderPane {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final TeamModel model;
    private final Messages messages;
    private final ZoneId zone;
    private final TableView<TeamRow> table = new TableView<>();
    private final StackedBarChart<String, Number> chart = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    /** The chart's bars per status and hour, updated in place when the figures change. */
    private final List<XYChart.Series<String, Number>> series = new ArrayList<>();
    private int[] chartHours = new int[0];

    public TeamDayView(TeamModel model) {
        this.model = model;
        this.messages = model.messages();
        this.zone = model.zone();
        getStyleClass().add("team-view");
        getStylesheets().add(Objects.requireNonNull(TeamDayView.class.getResource("team.css")).toExternalForm());
        setTop(new VBox(8, navigation(), actions(), filters(), summaryBar()));
        SplitPane split = new SplitPane(buildTable(), buildChart());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.77);
        setCenter(split);
        model.summaryProperty().addListener((obs, old, s) -> updateChart(s));
        updateChart(model.summaryProperty().get());
    }

    /** The table, for tests. */
    public TableView<TeamRow> table() {
        return table;
    }

    /** The chart, for tests. */
    public StackedBarChart<String, Number> chart() {
        return chart;
    }

    private HBox navigation() {
        Label title = new Label();
        title.getStyleClass().add("title-3");
        title.setId("teamDate");
        DateTimeFormatter longDate = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(messages.locale());
        title.textProperty().bind(Bindings.createStringBinding(() -> model.dayProperty().get() == null ? ""
                : messages.get("teamlead.title", longDate.format(model.dayProperty().get())), model.dayProperty()));

        Button previous = iconButton("teamPreviousDay", new FontIcon(Material2AL.CHEVRON_LEFT),
                messages.get("teamlead.previousDay"));
        previous.setOnAction(e -> model.previousDay());
        Button next = iconButton("teamNextDay", new FontIcon(Material2AL.CHEVRON_RIGHT),
                messages.get("teamlead.nextDay"));
        next.setOnAction(e -> model.nextDay());
        Button today = new Button(messages.get("teamlead.today"), new FontIcon(Material2MZ.TODAY));
        today.setId("teamToday");
        today.setOnAction(e -> model.today());
        DatePicker picker = new DatePicker();
        picker.setId("teamDatePicker");
        picker.valueProperty().bindBidirectional(model.dayProperty());
        picker.setConverter(new LocalDateStringConverter(FormatStyle.MEDIUM,
                messages.locale(), IsoChronology.INSTANCE));
        picker.setPrefWidth(140);

        HBox row = new HBox(8, previous, today, next, picker, title);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** What the team lead does: book, import, move and cancel for the team's advisors; export and print. */
    private HBox actions() {
        Button create = new Button(messages.get("queue.newAppointment"), new FontIcon(Material2AL.ADD));
        create.setId("teamNewAppointment");
        create.setTooltip(new Tooltip(messages.get("teamlead.newAppointment.hint")));
        create.setOnAction(e -> openForm(model.newAppointmentForm()));
        Button importFile = new Button(messages.get("queue.import"), new FontIcon(Material2AL.FILE_UPLOAD));
        importFile.setId("teamImport");
        importFile.setOnAction(e -> AppointmentImportDialog.chooseAndOpen(getScene().getWindow(), model::importModel,
                messages));
        Button edit = new Button(messages.get("teamlead.action.edit"), new FontIcon(Material2AL.EDIT));
        edit.setId("teamEdit");
        edit.setTooltip(new Tooltip(messages.get("teamlead.action.edit.hint")));
        edit.setOnAction(e -> edit(selected()));
        edit.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.canEdit(selected()),
                table.getSelectionModel().selectedItemProperty(), model.summaryProperty()));
        Button cancel = new Button(messages.get("teamlead.action.cancel"), new FontIcon(Material2AL.CANCEL));
        cancel.setId("teamCancel");
        cancel.setTooltip(new Tooltip(messages.get("teamlead.action.cancel.hint")));
        cancel.setOnAction(e -> askCancel(selected()));
        cancel.disableProperty().bind(Bindings.createBooleanBinding(() -> !model.canCancel(selected()),
                table.getSelectionModel().selectedItemProperty(), model.summaryProperty()));
        Button export = new Button(messages.get("teamlead.export"), new FontIcon(Material2MZ.SAVE_ALT));
        export.setId("teamExport");
        export.setOnAction(e -> chooseExportFile());
        Button print = new Button(messages.get("teamlead.print"), new FontIcon(Material2MZ.PRINT));
        print.setId("teamPrint");
        print.setOnAction(e -> print());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(8, create, importFile, new Separator(Orientation.VERTICAL), edit, cancel, spacer, export,
                print);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private HBox filters() {
        ObservableList<String> advisorItems = FXCollections.observableArrayList((String) null);
        advisorItems.addAll(model.advisors());
        model.advisors().addListener((ListChangeListener<String>) c -> {
            String selected = model.advisorFilterProperty().get();
            advisorItems.setAll(Arrays.asList((String) null));
            advisorItems.addAll(model.advisors());
            model.advisorFilterProperty().set(model.advisors().contains(selected) ? selected : null);
        });
        ComboBox<String> advisor = filterBox("teamAdvisorFilter", advisorItems, model.advisorFilterProperty(),
                name -> name, messages.get("teamlead.filter.allAdvisors"));
        ComboBox<AppointmentStatus> status = filterBox("teamStatusFilter",
                withAll(AppointmentStatus.values()), model.statusFilterProperty(),
                s -> messages.label("status", s), messages.get("teamlead.filter.allStatuses"));
        ComboBox<Channel> channel = filterBox("teamChannelFilter", withAll(Channel.values()),
                model.channelFilterProperty(), c -> messages.label("channel", c),
                messages.get("teamlead.filter.allChannels"));
        TextField search = TextFields.createClearableTextField();
        search.setId("teamSearch");
        search.setPromptText(messages.get("teamlead.search"));
        search.textProperty().bindBidirectional(model.searchProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        search.setMaxWidth(360);
        Button reset = new Button(messages.get("teamlead.filter.reset"), new FontIcon(Material2AL.FILTER_ALT));
        reset.setId("teamResetFilters");
        reset.setOnAction(e -> model.showAll());
        HBox row = new HBox(8, advisor, status, channel, search, reset);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    @SafeVarargs
    private static <T> ObservableList<T> withAll(T... values) {
        ObservableList<T> items = FXCollections.observableArrayList((T) null);
        items.addAll(values);
        return items;
    }

    /** A filter choice whose empty entry means "all". */
    private static <T> ComboBox<T> filterBox(String id, ObservableList<T> items, ObjectProperty<T> value,
                                             Function<T, String> label, String all) {
        ComboBox<T> box = new ComboBox<>(items);
        box.setId(id);
        box.setAccessibleText(all);
        box.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? all : label.apply(item));
            }
        });
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(item == null ? all : label.apply(item));
            }
        });
        box.valueProperty().bindBidirectional(value);
        return box;
    }

    private FlowPane summaryBar() {
        FlowPane bar = new FlowPane(18, 4);
        bar.setId("teamSummary");
        bar.getStyleClass().add("team-summary");
        Label count = figure("teamRowCount", Material2AL.EVENT_NOTE);
        count.textProperty().bind(Bindings.createStringBinding(() -> {
            int shown = model.shownRows().size();
            int all = model.allRows().size();
            return shown == all ? messages.get("teamlead.summary.count", all)
                    : messages.get("teamlead.summary.countFiltered", shown, all);
        }, model.summaryProperty()));
        bar.getChildren().add(count);
        for (AppointmentStatus status : AppointmentStatus.values()) {
            Label label = figure("teamCount-" + status.name(), QueueView.iconOf(status));
            label.getStyleClass().add("status-" + status.name().toLowerCase(Locale.ROOT));
            label.textProperty().bind(Bindings.createStringBinding(() -> messages.get("teamlead.summary.status",
                    messages.label("status", status), model.summaryProperty().get().count(status)),
                    model.summaryProperty()));
            bar.getChildren().add(label);
        }
        Label noShow = figure("teamNoShowRate", Material2AL.EVENT_BUSY);
        noShow.textProperty().bind(Bindings.createStringBinding(() -> messages.get("teamlead.summary.noShowRate",
                model.noShowRateText(model.summaryProperty().get())), model.summaryProperty()));
        noShow.setTooltip(new Tooltip(messages.get("teamlead.summary.noShowRate.hint")));
        Label average = figure("teamAverageDuration", Material2MZ.TIMER);
        average.textProperty().bind(Bindings.createStringBinding(() -> messages.get("teamlead.summary.average",
                model.durationText(model.summaryProperty().get().averageConsultationTime())),
                model.summaryProperty()));
        Label total = figure("teamTotalDuration", Material2AL.FUNCTIONS);
        total.textProperty().bind(Bindings.createStringBinding(() -> messages.get("teamlead.summary.total",
                model.durationText(model.summaryProperty().get().totalConsultationTime())),
                model.summaryProperty()));
        Label waiting = figure("teamWaiting", Material2AL.HOURGLASS_TOP);
        waiting.textProperty().bind(model.waitingTextProperty());
        waiting.getStyleClass().add("team-waiting");
        bar.getChildren().addAll(noShow, average, total, waiting);
        return bar;
    }

    private static Label figure(String id, Ikon icon) {
        Label label = new Label(null, new FontIcon(icon));
        label.setId(id);
        label.getStyleClass().add("team-figure");
        return label;
    }

    private TableView<TeamRow> buildTable() {
        table.setId("teamTable");
        model.shownRows().comparatorProperty().bind(table.comparatorProperty());
        table.setItems(model.shownRows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<TeamRow, Instant> time = column("teamlead.column.time", 70, Appointment::startsAt,
                i -> TIME.format(i.atZone(zone)));
        TableColumn<TeamRow, String> advisor = column("teamlead.column.advisor", 150, Appointment::advisorName,
                s -> s);
        TableColumn<TeamRow, String> customer = column("teamlead.column.customer", 170, Appointment::customerName,
                s -> s);
        TableColumn<TeamRow, String> number = column("teamlead.column.customerNumber", 120,
                Appointment::customerNumber, s -> s);
        TableColumn<TeamRow, Channel> channel = column("teamlead.column.channel", 100, Appointment::channel,
                c -> messages.label("channel", c));
        TableColumn<TeamRow, TeamRow> status = new TableColumn<>(messages.get("teamlead.column.status"));
        status.setPrefWidth(220);
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setComparator(Comparator.comparing(r -> r.appointment().status()));
        status.setCellFactory(c -> new StatusCell<>(TeamRow::appointment, model.text(), model.nowProperty()));
        TableColumn<TeamRow, Instant> started = column("teamlead.column.callStarted", 90, Appointment::callStartedAt,
                i -> TIME_SECONDS.format(i.atZone(zone)));
        TableColumn<TeamRow, Instant> ended = column("teamlead.column.callEnded", 90, Appointment::callEndedAt,
                i -> TIME_SECONDS.format(i.atZone(zone)));
        TableColumn<TeamRow, Long> duration = column("teamlead.column.duration", 80, Appointment::durationSeconds,
                s -> model.durationText(Duration.ofSeconds(s)));
        TableColumn<TeamRow, Boolean> note = column("teamlead.column.note", 130, Appointment::hasNote,
                has -> has ? messages.get("teamlead.hasNote") : "");
        time.setMinWidth(72);
        status.setMinWidth(210);
        table.getColumns().setAll(List.of(time, advisor, customer, number, channel, status, started, ended,
                duration, note));
        table.getSortOrder().add(time);
        table.setRowFactory(t -> {
            TableRow<TeamRow> row = new TableRow<>();
            // Filled when it opens, for the row's appointment then.
            ContextMenu menu = new ContextMenu();
            menu.setOnShowing(e -> menu.getItems().setAll(actionItems(row.getItem() == null ? null
                    : row.getItem().appointment())));
            row.itemProperty().addListener((obs, old, item) -> row.setContextMenu(item == null ? null : menu));
            return row;
        });
        // Keyboard: Enter or F2 moves the selected appointment, Delete cancels it; Ctrl+N books a new one.
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.F2) {
                edit(selected());
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                askCancel(selected());
                e.consume();
            }
        });
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                        () -> openForm(model.newAppointmentForm()));
            }
        });

        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> model.loadingProperty().get()
                        ? messages.get("teamlead.loading")
                        : model.allRows().isEmpty() ? messages.get("teamlead.empty")
                        : messages.get("teamlead.emptyFiltered"),
                model.loadingProperty(), model.summaryProperty()));
        table.setPlaceholder(placeholder);
        return table;
    }

    /**
     * A column whose value is a plain field of the appointment (so sorting compares the field itself, not
     * its text) and whose cells show it formatted; empty for null.
     */
    private <T> TableColumn<TeamRow, T> column(String key, double width, Function<Appointment, T> value,
                                               Function<T, String> format) {
        TableColumn<TeamRow, T> column = new TableColumn<>(messages.get(key));
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue().appointment())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        });
        return column;
    }

    private Node buildChart() {
        chart.setId("teamChart");
        chart.setAnimated(false);
        chart.setTitle(messages.get("teamlead.chart.title"));
        chart.getXAxis().setLabel(messages.get("teamlead.chart.hour"));
        chart.getYAxis().setLabel(messages.get("teamlead.chart.count"));
        ((NumberAxis) chart.getYAxis()).setMinorTickVisible(false);
        ((NumberAxis) chart.getYAxis()).setTickUnit(1);
        chart.setLegendSide(Side.BOTTOM);
        chart.setMinWidth(240);
        for (AppointmentStatus status : AppointmentStatus.values()) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(messages.label("status", status));
            series.add(s);
        }
        chart.getData().setAll(series);
        return chart;
    }

    /** Bars are changed in place; only a new range of hours rebuilds them. */
    private void updateChart(TeamSummary s) {
        int[] range = s.hourRange();
        if (!Arrays.equals(range, chartHours)) {
            chartHours = range;
            List<String> categories = new ArrayList<>();
            for (int h = range[0]; h <= range[1]; h++) {
                categories.add(messages.get("teamlead.chart.hourLabel", h));
            }
            ((CategoryAxis) chart.getXAxis()).setCategories(FXCollections.observableArrayList(categories));
            for (AppointmentStatus status : AppointmentStatus.values()) {
                List<XYChart.Data<String, Number>> bars = new ArrayList<>();
                for (int h = range[0]; h <= range[1]; h++) {
                    bars.add(new XYChart.Data<>(categories.get(h - range[0]), s.count(h, status)));
                }
                series.get(status.ordinal()).getData().setAll(bars);
            }
            return;
        }
        for (AppointmentStatus status : AppointmentStatus.values()) {
            List<XYChart.Data<String, Number>> bars = series.get(status.ordinal()).getData();
            for (int h = range[0]; h <= range[1]; h++) {
                XYChart.Data<String, Number> bar = bars.get(h - range[0]);
                if (bar.getYValue().intValue() != s.count(h, status)) {
                    bar.setYValue(s.count(h, status));
                }
            }
        }
    }

    private Appointment selected() {
        TeamRow row = table.getSelectionModel().getSelectedItem();
        return row == null ? null : row.appointment();
    }

    private List<MenuItem> actionItems(Appointment a) {
        MenuItem edit = new MenuItem(messages.get("teamlead.action.edit"), new FontIcon(Material2AL.EDIT));
        edit.setDisable(!model.canEdit(a));
        edit.setOnAction(e -> edit(a));
        MenuItem cancel = new MenuItem(messages.get("teamlead.action.cancel"), new FontIcon(Material2AL.CANCEL));
        cancel.setDisable(!model.canCancel(a));
        cancel.setOnAction(e -> askCancel(a));
        return List.of(edit, cancel);
    }

    private void edit(Appointment a) {
        if (model.canEdit(a)) {
            openForm(model.editForm(a));
        }
    }

    private void askCancel(Appointment a) {
        if (model.canCancel(a)) {
            CancelDialog.ask(getScene().getWindow(), a, messages).ifPresent(reason -> model.cancel(a, reason));
        }
    }

    private void openForm(AppointmentFormModel form) {
        AppointmentFormDialog.open(getScene().getWindow(), form, messages);
    }

    /** Opens the import of {@code file}, asking for which advisor: what the file chooser leads to (UI tests start here). */
    public void openImport(Path file) {
        AppointmentImportDialog.open(getScene().getWindow(), model.importModel(), messages, file);
    }

    private void chooseExportFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("teamlead.export.title"));
        chooser.setInitialFileName(model.exportFileName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(messages.get("teamlead.export.filter"),
                "*.csv"));
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            model.exportCsv(file.toPath());
        }
    }

    /** The print dialog, then the shown rows on as many pages as they need. */
    private void print() {
        PrinterJob job = PrinterJob.createPrinterJob();
        if (job == null) {
            model.notice("teamlead.print.noPrinter");
            return;
        }
        if (!job.showPrintDialog(getScene().getWindow())) {
            job.cancelJob();
            return;
        }
        PageLayout layout = job.getJobSettings().getPageLayout();
        List<Node> pages = new TeamPrintout(messages, zone).pages(model.dayProperty().get(),
                model.shownAppointments(), model.summaryProperty().get(), layout.getPrintableWidth(),
                layout.getPrintableHeight());
        for (Node page : pages) {
            if (!job.printPage(page)) {
                model.notice("teamlead.print.failed");
                job.cancelJob();
                return;
            }
        }
        job.endJob();
        model.notice("teamlead.print.done", pages.size());
    }

    private static Button iconButton(String id, FontIcon icon, String tooltip) {
        Button button = new Button(null, icon);
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        button.setAccessibleText(tooltip);
        return button;
    }
}
