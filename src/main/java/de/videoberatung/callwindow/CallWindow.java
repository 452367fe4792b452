package de.videoberatung.callwindow;

import de.videoberatung.api.Appointment;
import de.videoberatung.call.CallPhase;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.devices.FramePresenter;
import de.videoberatung.i18n.Messages;
import de.videoberatung.media.audio.AudioDevice;
import de.videoberatung.media.camera.CameraInfo;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The consultation in its own window: the customer's picture large, the advisor's self-view small and
 * movable, the controls below, the appointment and the case note beside the picture; after the call the
 * outcome step. Thin: state and actions live in {@link CallWindowModel}.
 */
public final class CallWindow {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final CallWindowModel model;
    private final Messages messages;
    private final DeviceServices devices;
    private final Stage stage = new Stage();
    private final RemoteVideoView remoteVideo = new RemoteVideoView();
    private final FramePresenter selfPreview = new FramePresenter(Platform::runLater);
    private final BorderPane root = new BorderPane();
    private final Timeline ticker;
    private final CallNotes notes;
    private Consumer<CallWindowModel> onFinished = m -> { };

    /**
     * @param devices the camera and headset services, or null when they failed to start (sound only)
     * @param notes the case-note editor for this appointment's note, shown beside the picture
     */
    public CallWindow(Window owner, CallWindowModel model, DeviceServices devices, CallNotes notes,
                      Messages messages, ZoneId zone) {
        this.model = model;
        this.messages = messages;
        this.devices = devices;
        this.notes = notes;
        Appointment a = model.appointment();

        root.getStyleClass().add("call-window");
        root.setTop(header(a, zone));
        // Picture and note side by side; the advisor moves the divider to give the note more room.
        SplitPane split = new SplitPane(callArea(), side(a, zone));
        split.setDividerPositions(0.58);
        split.setId("callSplit");
        root.setCenter(split);
        root.setBottom(controls());
        model.stepProperty().addListener((obs, old, step) -> showStep(step));

        // As large as comfortable, never larger than the screen (laptops at 150 % have ~1280x800 logical pixels).
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1360, screen.getWidth() * 0.95),
                Math.min(820, screen.getHeight() * 0.95));
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.getStylesheets().add(CallWindow.class.getResource("/de/videoberatung/callwindow/call.css").toExternalForm());
        installShortcuts(scene);
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.setMinWidth(800);
        stage.setMinHeight(560);
        stage.setTitle(messages.get("callwindow.title", a.customerName()));
        stage.setOnCloseRequest(e -> {
            if (!confirmLeave()) {
                e.consume();
            }
        });
        stage.setOnHidden(e -> close());

        ticker = new Timeline(new KeyFrame(Duration.millis(250), e -> model.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    /** Shows the window and starts the call. */
    public void show() {
        if (devices != null) {
            devices.cameras().setPreviewSink(selfPreview);
        }
        ticker.play();
        stage.show();
        model.start(remoteVideo);
    }

    /** Runs once the outcome step is done and the window closed (the queue shows the result). */
    public void setOnFinished(Consumer<CallWindowModel> onFinished) {
        this.onFinished = onFinished;
    }

    public Stage stage() {
        return stage;
    }

    public CallWindowModel model() {
        return model;
    }

    /** The customer's picture, for tests and the benchmark. */
    public RemoteVideoView remoteVideo() {
        return remoteVideo;
    }

    private void close() {
        ticker.stop();
        if (devices != null) {
            devices.cameras().setPreviewSink(null);
        }
        model.close();
        notes.close();
        remoteVideo.clear();
    }

    // --- layout -------------------------------------------------------------------------------------

    private Node header(Appointment a, ZoneId zone) {
        Label name = new Label(a.customerName());
        name.getStyleClass().add("title-3");
        name.setId("callCustomer");
        Label when = new Label(messages.get("callwindow.appointment", TIME.format(a.startsAt().atZone(zone)),
                TIME.format(a.endsAt().atZone(zone)), a.customerNumber()));
        when.getStyleClass().add("text-muted");
        VBox who = new VBox(2, name, when);

        Label state = new Label();
        state.setId("callState");
        state.getStyleClass().add("call-state");
        state.textProperty().bind(model.stateTextProperty());
        state.setGraphic(new FontIcon(Material2MZ.VIDEOCAM));

        Label timer = new Label();
        timer.setId("callTimer");
        timer.getStyleClass().add("call-timer");
        timer.textProperty().bind(model.timerProperty());
        timer.setGraphic(new FontIcon(Material2AL.ACCESS_TIME));
        timer.setAccessibleText(messages.get("callwindow.timer"));

        Label quality = new Label();
        quality.setId("callQuality");
        quality.getStyleClass().add("call-quality");
        FontIcon signal = new FontIcon(Material2MZ.SIGNAL_CELLULAR_ALT);
        quality.setGraphic(signal);
        quality.textProperty().bind(Bindings.createStringBinding(() -> messages.get("callwindow.quality."
                + model.qualityProperty().get().name()), model.qualityProperty()));
        model.qualityProperty().addListener((obs, old, q) -> {
            quality.getStyleClass().removeIf(s -> s.startsWith("quality-"));
            quality.getStyleClass().add("quality-" + q.name().toLowerCase(Locale.ROOT));
        });
        Tooltip details = new Tooltip();
        details.textProperty().bind(model.qualityDetailsProperty());
        quality.setTooltip(details);
        quality.setFocusTraversable(true);
        quality.accessibleTextProperty().bind(Bindings.concat(quality.textProperty(), ". ",
                model.qualityDetailsProperty()));

        Label weakLink = new Label();
        weakLink.setId("callWeakLink");
        weakLink.getStyleClass().add("call-weak-link");
        weakLink.setGraphic(new FontIcon(Material2MZ.VOLUME_UP));
        weakLink.textProperty().bind(model.weakLinkProperty());
        weakLink.visibleProperty().bind(model.weakLinkProperty().isNotEmpty());
        weakLink.managedProperty().bind(weakLink.visibleProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(16, who, spacer, weakLink, state, timer, quality);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("call-header");
        return header;
    }

    private Node callArea() {
        remoteVideo.setId("remoteVideo");
        remoteVideo.setMinSize(0, 0);

        ImageView self = new ImageView();
        self.setId("selfView");
        self.imageProperty().bind(selfPreview.imageProperty());
        self.setPreserveRatio(true);
        self.fitWidthProperty().bind(Bindings.createDoubleBinding(
                () -> Math.max(120, remoteVideo.getWidth() * 0.22), remoteVideo.widthProperty()));
        Label cameraOff = new Label(messages.get("callwindow.cameraOff"), new FontIcon(Material2MZ.VIDEOCAM_OFF));
        cameraOff.getStyleClass().add("self-view-off");
        StackPane selfBox = new StackPane(self, cameraOff);
        selfBox.getStyleClass().add("self-view");
        self.visibleProperty().bind(model.cameraOnProperty());
        cameraOff.visibleProperty().bind(model.cameraOnProperty().not());
        selfBox.setAccessibleText(messages.get("callwindow.selfView"));
        Tooltip.install(selfBox, new Tooltip(messages.get("callwindow.selfView.move")));
        Pane selfLayer = new Pane(selfBox);
        selfLayer.setPickOnBounds(false);
        makeMovable(selfBox, selfLayer);

        VBox banner = new VBox(6);
        banner.setId("callStateBanner");
        banner.getStyleClass().add("call-banner");
        Label bannerText = new Label();
        bannerText.getStyleClass().add("call-banner-title");
        bannerText.textProperty().bind(model.stateTextProperty());
        bannerText.setWrapText(true);
        Label bannerHint = new Label();
        bannerHint.setId("callStateHint");
        bannerHint.textProperty().bind(model.stateHintProperty());
        bannerHint.setWrapText(true);
        banner.getChildren().addAll(bannerText, bannerHint);
        banner.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        banner.visibleProperty().bind(model.phaseProperty().isNotEqualTo(CallPhase.CONNECTED));
        StackPane.setAlignment(banner, Pos.CENTER);

        Label reminder = new Label(messages.get("callwindow.reminder.introduce"), new FontIcon(Material2MZ.PEOPLE));
        reminder.setId("introductionReminder");
        reminder.getStyleClass().addAll("call-hint", "call-hint-info");
        reminder.setWrapText(true);
        Button dismiss = new Button(messages.get("callwindow.reminder.dismiss"));
        dismiss.getStyleClass().add("small");
        dismiss.setOnAction(e -> model.dismissReminder());
        HBox reminderBox = new HBox(8, reminder, dismiss);
        reminderBox.setAlignment(Pos.CENTER_LEFT);
        reminderBox.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        reminderBox.visibleProperty().bind(model.reminderProperty());
        StackPane.setAlignment(reminderBox, Pos.TOP_CENTER);

        Label mutedHint = new Label(messages.get("callwindow.mutedWhileTalking"), new FontIcon(Material2MZ.MIC_OFF));
        mutedHint.setId("mutedHint");
        mutedHint.getStyleClass().addAll("call-hint", "call-hint-warning");
        mutedHint.visibleProperty().bind(model.talkingWhileMutedProperty());
        StackPane.setAlignment(mutedHint, Pos.BOTTOM_CENTER);

        StackPane area = new StackPane(remoteVideo, selfLayer, banner, reminderBox, mutedHint);
        area.getStyleClass().add("call-area");
        area.setMinSize(0, 0);
        // The self-view starts in the bottom right corner of the picture.
        InvalidationListener corner = obs -> {
            if (!selfBox.getProperties().containsKey("moved")) {
                selfBox.relocate(Math.max(0, area.getWidth() - selfBox.getWidth() - 16),
                        Math.max(0, area.getHeight() - selfBox.getHeight() - 16));
            }
        };
        area.layoutBoundsProperty().addListener(corner);
        selfBox.layoutBoundsProperty().addListener(corner);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(area.widthProperty());
        clip.heightProperty().bind(area.heightProperty());
        area.setClip(clip);
        return area;
    }

    /** Drag the self-view anywhere over the picture, kept inside it. */
    private static void makeMovable(Region box, Pane layer) {
        double[] grab = new double[2];
        box.setOnMousePressed(e -> {
            grab[0] = e.getSceneX() - box.getLayoutX();
            grab[1] = e.getSceneY() - box.getLayoutY();
        });
        box.setOnMouseDragged(e -> {
            double x = Math.min(Math.max(0, e.getSceneX() - grab[0]), layer.getWidth() - box.getWidth());
            double y = Math.min(Math.max(0, e.getSceneY() - grab[1]), layer.getHeight() - box.getHeight());
            box.relocate(Math.max(0, x), Math.max(0, y));
            box.getProperties().put("moved", true);
        });
    }

    private Node side(Appointment a, ZoneId zone) {
        Label detailsTitle = new Label(messages.get("callwindow.details"));
        detailsTitle.getStyleClass().add("title-4");
        Label topic = new Label(a.topic());
        topic.setWrapText(true);
        topic.setId("callTopic");
        Label number = new Label(messages.get("callwindow.customerNumber", a.customerNumber()));
        Label planned = new Label(messages.get("callwindow.planned", TIME.format(a.startsAt().atZone(zone)),
                TIME.format(a.endsAt().atZone(zone))));
        VBox details = new VBox(4, detailsTitle, topic, number, planned);
        Node editor = notes.editor();
        VBox.setVgrow(editor, Priority.ALWAYS);
        VBox side = new VBox(12, details, editor);
        side.getStyleClass().add("call-side");
        side.setId("callSide");
        return side;
    }

    private Node controls() {
        ToggleButton mute = new ToggleButton(messages.get("callwindow.mute"), new FontIcon(Material2MZ.MIC_OFF));
        mute.setId("mute");
        mute.setSelected(model.mutedProperty().get());
        mute.setOnAction(e -> model.setMuted(mute.isSelected()));
        model.mutedProperty().addListener((obs, old, v) -> mute.setSelected(v));
        mute.setTooltip(new Tooltip(messages.get("callwindow.mute.tooltip")));

        ToggleButton camera = new ToggleButton(messages.get("callwindow.camera"),
                new FontIcon(Material2MZ.VIDEOCAM_OFF));
        camera.setId("cameraToggle");
        camera.setOnAction(e -> model.toggleCamera());
        model.cameraOnProperty().addListener((obs, old, on) -> camera.setSelected(!on));
        camera.setTooltip(new Tooltip(messages.get("callwindow.camera.tooltip")));

        ComboBox<String> cameras = new ComboBox<>();
        cameras.setId("cameraChoice");
        cameras.setPromptText(messages.get("callwindow.cameraChoice"));
        cameras.setAccessibleText(messages.get("callwindow.cameraChoice"));
        ComboBox<AudioDevice> microphones = deviceBox("microphoneChoice", "callwindow.microphoneChoice");
        ComboBox<AudioDevice> earphones = deviceBox("earphoneChoice", "callwindow.earphoneChoice");
        if (devices != null) {
            fillCameras(cameras);
            fillAudio(microphones, d -> d.audio().microphones(), d -> d.audio().microphone());
            fillAudio(earphones, d -> d.audio().earphones(), d -> d.audio().earphone());
        } else {
            cameras.setDisable(true);
            microphones.setDisable(true);
            earphones.setDisable(true);
        }

        Button phone = new Button(messages.get("callwindow.phone"), new FontIcon(Material2MZ.PHONE));
        phone.setId("phoneFallback");
        phone.setTooltip(new Tooltip(messages.get("callwindow.phone.tooltip", phoneNumber())));
        phone.setOnAction(e -> confirmPhone());
        phone.disableProperty().bind(model.endProperty().isNotNull());

        Button hangUp = new Button(messages.get("callwindow.hangUp"), new FontIcon(Material2MZ.PHONE_DISABLED));
        hangUp.setId("hangUp");
        hangUp.getStyleClass().add("danger");
        hangUp.setTooltip(new Tooltip(messages.get("callwindow.hangUp.tooltip")));
        hangUp.setOnAction(e -> confirmHangUp());
        hangUp.disableProperty().bind(model.endProperty().isNotNull());

        Label error = new Label();
        error.getStyleClass().add("call-error");
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, mute, camera, cameras, microphones, earphones, error, spacer, phone, hangUp);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("call-controls");
        bar.setId("callControls");
        return bar;
    }

    private ComboBox<AudioDevice> deviceBox(String id, String key) {
        ComboBox<AudioDevice> box = new ComboBox<>();
        box.setId(id);
        box.setPromptText(messages.get(key));
        box.setAccessibleText(messages.get(key));
        box.setCellFactory(l -> new DeviceCell());
        box.setButtonCell(new DeviceCell());
        box.setMaxWidth(220);
        return box;
    }

    private void fillCameras(ComboBox<String> box) {
        devices.cameras().cameras().thenAccept(list -> Platform.runLater(() -> {
            box.getItems().setAll(list.stream().map(CameraInfo::name).toList());
            devices.cameras().current().ifPresent(c -> box.getSelectionModel().select(c.name()));
            box.setOnAction(e -> {
                String chosen = box.getValue();
                list.stream().filter(c -> c.name().equals(chosen)).findFirst()
                        .filter(c -> devices.cameras().current().map(o -> !o.name().equals(chosen)).orElse(true))
                        .ifPresent(c -> devices.cameras().open(c.name(), c.preferredSize()));
            });
        }));
    }

    private void fillAudio(ComboBox<AudioDevice> box, Function<DeviceServices, List<AudioDevice>> all,
                           Function<DeviceServices, Optional<AudioDevice>> current) {
        // The lists are read on a background thread: the audio service may be re-listing devices.
        CompletableFuture.supplyAsync(() -> all.apply(devices)).thenAccept(list -> Platform.runLater(() -> {
            box.getItems().setAll(list);
            current.apply(devices).ifPresent(box.getSelectionModel()::select);
            box.setOnAction(e -> {
                AudioDevice chosen = box.getValue();
                if (chosen != null && !current.apply(devices).map(chosen::equals).orElse(false)) {
                    devices.audio().choose(chosen);
                }
            });
        }));
    }

    private String phoneNumber() {
        String number = model.appointment().customerPhone();
        return number == null || number.isBlank() ? messages.get("callwindow.phone.unknown") : number;
    }

    private void showStep(CallWindowModel.Step step) {
        switch (step) {
            case PHONE -> root.setCenter(phonePanel());
            case OUTCOME -> {
                root.setCenter(outcomePanel());
                root.setBottom(null);
            }
            case DONE -> {
                notes.complete(model);
                stage.hide();
                onFinished.accept(model);
            }
            default -> {
            }
        }
    }

    private Node phonePanel() {
        Label title = new Label(messages.get("callwindow.phone.title"), new FontIcon(Material2MZ.PHONE));
        title.getStyleClass().add("title-3");
        Label number = new Label(phoneNumber());
        number.setId("customerPhone");
        number.getStyleClass().add("phone-number");
        Label hint = new Label(messages.get("callwindow.phone.hint", model.appointment().customerName()));
        hint.setWrapText(true);
        Button done = new Button(messages.get("callwindow.phone.end"), new FontIcon(Material2MZ.PHONE_DISABLED));
        done.setId("endPhoneCall");
        done.getStyleClass().add("danger");
        done.setOnAction(e -> model.endPhoneCall());
        VBox panel = new VBox(16, title, number, hint, done);
        panel.getStyleClass().add("call-panel");
        Platform.runLater(done::requestFocus);
        return panel;
    }

    private Node outcomePanel() {
        Label title = new Label(messages.get("callwindow.outcome.title"));
        title.getStyleClass().add("title-3");
        Label state = new Label();
        state.textProperty().bind(model.stateTextProperty());
        state.getStyleClass().add("text-muted");
        Label duration = new Label();
        duration.setId("outcomeDuration");
        duration.textProperty().bind(Bindings.createStringBinding(
                () -> messages.get("callwindow.outcome.duration", model.timerProperty().get()), model.timerProperty()));

        TextArea outcome = new TextArea();
        outcome.setId("outcome");
        outcome.setPrefRowCount(3);
        outcome.setWrapText(true);
        outcome.textProperty().bindBidirectional(model.outcomeProperty());
        TextArea nextSteps = new TextArea();
        nextSteps.setId("nextSteps");
        nextSteps.setPrefRowCount(3);
        nextSteps.setWrapText(true);
        nextSteps.textProperty().bindBidirectional(model.nextStepsProperty());
        DatePicker followUp = new DatePicker();
        followUp.setId("followUp");
        followUp.valueProperty().bindBidirectional(model.followUpProperty());

        Button finish = new Button(messages.get("callwindow.outcome.finish"), new FontIcon(Material2AL.CHECK));
        finish.setId("finishCall");
        finish.setDefaultButton(true);
        finish.setOnAction(e -> model.finish());

        VBox panel = new VBox(8, title, state, duration,
                labelled("callwindow.outcome.outcome", outcome), outcome,
                labelled("callwindow.outcome.nextSteps", nextSteps), nextSteps,
                labelled("callwindow.outcome.followUp", followUp), followUp, finish);
        panel.getStyleClass().addAll("call-panel", "outcome-step");
        panel.setId("outcomeStep");
        Platform.runLater(outcome::requestFocus);
        return panel;
    }

    private Label labelled(String key, Node field) {
        Label label = new Label(messages.get(key));
        label.setLabelFor(field);
        label.setMnemonicParsing(true);
        return label;
    }

    // --- confirmations and shortcuts ------------------------------------------------------------

    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN),
                () -> {
                    if (model.endProperty().get() == null) {
                        model.toggleMute();
                    }
                });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN),
                () -> {
                    if (model.endProperty().get() == null) {
                        model.toggleCamera();
                    }
                });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN),
                this::confirmHangUp);
    }

    private void confirmHangUp() {
        if (model.endProperty().get() != null) {
            return;
        }
        if (confirm("callwindow.hangUp.confirm.title", "callwindow.hangUp.confirm.text", "callwindow.hangUp.confirm.yes",
                "callwindow.hangUp.confirm.no")) {
            model.hangUp();
        }
    }

    private void confirmPhone() {
        if (confirm("callwindow.phone.confirm.title", "callwindow.phone.confirm.text", "callwindow.phone.confirm.yes",
                "callwindow.phone.confirm.no")) {
            model.switchToPhone();
        }
    }

    /** Closing the window during a call is hanging up; during the outcome step it just closes. */
    private boolean confirmLeave() {
        if (model.endProperty().get() != null) {
            return true;
        }
        if (confirm("callwindow.hangUp.confirm.title", "callwindow.hangUp.confirm.text", "callwindow.hangUp.confirm.yes",
                "callwindow.hangUp.confirm.no")) {
            model.hangUp();
            return true;
        }
        return false;
    }

    private boolean confirm(String title, String text, String yes, String no) {
        ButtonType ok = new ButtonType(messages.get(yes), ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(messages.get(no), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, messages.get(text, phoneNumber()), ok, cancel);
        alert.initOwner(stage);
        alert.setTitle(messages.get(title));
        alert.setHeaderText(messages.get(title));
        alert.getDialogPane().getStylesheets().setAll(stage.getScene().getStylesheets());
        // The safe answer has the focus: Enter does not end a consultation by accident.
        ((Button) alert.getDialogPane().lookupButton(ok)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        return alert.showAndWait().filter(ok::equals).isPresent();
    }

    private final class DeviceCell extends ListCell<AudioDevice> {
        @Override
        protected void updateItem(AudioDevice device, boolean empty) {
            super.updateItem(device, empty);
            setText(empty || device == null ? null : device.name());
        }
    }
}
