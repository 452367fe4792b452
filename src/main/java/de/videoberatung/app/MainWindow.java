package de.videoberatung.app;

import de.videoberatung.api.Role;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.callwindow.NoteCallNotes;
import de.videoberatung.callwindow.CallWindows;
import de.videoberatung.callwindow.WaitingAlert;
import de.videoberatung.devices.DeviceCheckWindow;
import de.videoberatung.devices.DeviceStatusModel;
import de.videoberatung.devices.DeviceStatusView;
import de.videoberatung.notes.NoteWindows;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.queue.CustomerSimulation;
import de.videoberatung.queue.QueueModel;
import de.videoberatung.queue.QueueService;
import de.videoberatung.queue.QueueView;
import de.videoberatung.store.AppointmentCache;
import de.videoberatung.teamlead.TeamModel;
import de.videoberatung.teamlead.TeamSource;
import de.videoberatung.teamlead.TeamView;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.NotificationPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The signed-in main window: banners, the day queue (for a team lead: the team's day), short notices and the
 * status bar.
 */
public final class MainWindow {

    private final AppContext context;
    private final SessionResponse session;
    private final Messages messages;
    private final ObjectProperty<Instant> now = new SimpleObjectProperty<>();
    private final Timeline ticker;
    private final ConnectionModel connection;
    /** The advisor's day queue; null for a team lead. */
    private final QueueModel queue;
    /** The team's day; null for an advisor. */
    private final TeamModel team;
    /** The advisor's note windows; null for a team lead, who never sees note text. */
    private final NoteWindows noteWindows;
    private final NotificationPane notices;
    private final BorderPane root = new BorderPane();
    private DeviceStatusModel deviceStatusModel;
    private final Runnable onSignOut;
    private final QueueService queueService;
    /** The advisor's calls; null for a team lead. */
    private final CallWindows callWindows;
    private final WaitingAlert waitingAlert;

    /**
     * @param onSignOut leaves this session (sign-out, or sign-in again after the session expired)
     */
    public MainWindow(AppContext context, SessionResponse session, Runnable onSignOut) {
        this.context = context;
        this.session = session;
        this.onSignOut = onSignOut;
        this.messages = context.messages();
        now.set(context.clock().instant());
        ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1),
                e -> now.set(context.clock().instant())));
        ticker.setCycleCount(Animation.INDEFINITE);

        connection = new ConnectionModel(context.connection(), Platform::runLater);
        AppointmentCache cache = new AppointmentCache(context.store(), context.zone());
        AppointmentText text = new AppointmentText(messages, Duration.ofMinutes(context.config().followUpMinutes()));
        notices = new NotificationPane();
        if (session.user().role() == Role.TEAM_LEAD) {
            // A team lead has no consultations of their own: the team's day takes the queue's place.
            queueService = new QueueService(context.connection(), new TeamSource(), cache, session.user().id(),
                    context.zone(), context.io(), context.clock());
            queue = null;
            team = new TeamModel(queueService, messages, text, context.clock(), context.zone(), context.io(),
                    Platform::runLater, this::notice, now);
            noteWindows = null;
            notices.setContent(new TeamView(team));
        } else {
            queueService = new QueueService(context.connection(), cache, session.user().id(), context.zone(),
                    context.io(), context.clock());
            team = null;
            queue = new QueueModel(queueService, messages, context.clock(), text, Platform::runLater, this::notice,
                    now);
            if (context.config().demo()) {
                // A newcomer can be their own customer: the join link opens in this machine's browser.
                queue.setCustomerSimulation(new CustomerSimulation(new SystemBrowser(), messages,
                        r -> AppContext.named("customer-browser").newThread(r).start(), Platform::runLater,
                        this::notice));
            }
            QueueView queueView = new QueueView(queue, messages);
            noteWindows = new NoteWindows(context.notes(), context.notesIo(), messages, session.user().id());
            queueView.setOnOpenNote(a -> noteWindows.open(a,
                    root.getScene() == null ? null : root.getScene().getWindow()));
            notices.setContent(queueView);
        }
        if (queue != null) {
            callWindows = new CallWindows(context::calls, context.api(), context.devices(), messages, context.clock(),
                    context.zone(), a -> new NoteCallNotes(context.notes(), context.notesIo(), messages,
                            session.user().id(), a));
            queue.setCallStarter(a -> callWindows.start(a, root.getScene().getWindow()));
            waitingAlert = new WaitingAlert(queue.allAppointments(), messages, context.zone(), context.devices(),
                    () -> root.getScene() == null ? null : root.getScene().getWindow());
        } else {
            callWindows = null;
            waitingAlert = null;
        }
        notices.setShowFromTop(false);

        root.setTop(banners());
        root.setCenter(notices);
        root.setBottom(statusBar());
        root.getStyleClass().add("main-window");
    }

    /** Starts the clock, the connection and loads today. */
    public Parent start() {
        ticker.play();
        context.connection().start();
        if (team != null) {
            team.start();
        } else {
            context.startNoteSync(session.user().id());
            queue.start();
            // libjitsi and the DTLS certificate take a while: ready before the first call.
            context.io().execute(context::callEngine);
        }
        return root;
    }

    public QueueModel queue() {
        return queue;
    }

    public TeamModel team() {
        return team;
    }

    /** The rows the main content shows: the queue's, or the team's for a team lead. */
    public ObservableList<?> shownRows() {
        return team != null ? team.shownRows() : queue.visibleAppointments();
    }

    private ReadOnlyObjectProperty<Instant> savedAt() {
        return team != null ? team.savedAtProperty() : queue.savedAtProperty();
    }

    /** The call windows started from the queue; null for a team lead. */
    public CallWindows calls() {
        return callWindows;
    }

    public String title() {
        return messages.get("app.title") + " – " + session.user().displayName();
    }

    /** The note windows opened from the queue. */
    public NoteWindows noteWindows() {
        return noteWindows;
    }

    /** Stops the clock and everything this window follows. */
    public void stop() {
        ticker.stop();
        if (callWindows != null) {
            callWindows.closeAll();
        }
        if (noteWindows != null) {
            noteWindows.closeAll();
            context.stopNoteSync();
        }
        queueService.close();
        connection.dispose();
        if (deviceStatusModel != null) {
            deviceStatusModel.dispose();
        }
    }

    private void notice(String text) {
        notices.show(text);
        // A notice that stays forever becomes wallpaper; hide it after a while unless replaced.
        Timeline hide = new Timeline(new KeyFrame(javafx.util.Duration.seconds(6), e -> {
            if (text.equals(notices.getText())) {
                notices.hide();
            }
        }));
        hide.play();
    }

    private VBox banners() {
        VBox banners = new VBox();
        if (context.config().demo()) {
            banners.getChildren().add(banner("demoBanner", "banner-demo", new FontIcon(Material2AL.INFO),
                    messages.get("app.demoBanner")));
        }
        Label offline = banner("offlineBanner", "banner-offline", new FontIcon(Material2MZ.WIFI_OFF), "");
        offline.textProperty().bind(Bindings.createStringBinding(this::offlineText,
                connection.offlineSinceProperty(), savedAt()));
        offline.visibleProperty().bind(connection.onlineProperty().not());
        offline.managedProperty().bind(offline.visibleProperty());
        Label expired = banner("sessionExpiredBanner", "banner-offline", new FontIcon(Material2AL.LOCK),
                messages.get("app.sessionExpired"));
        Button signInAgain = new Button(messages.get("app.signInAgain"));
        signInAgain.setId("signInAgain");
        signInAgain.setOnAction(e -> onSignOut.run());
        expired.setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
        expired.setGraphic(new HBox(8, new FontIcon(Material2AL.LOCK), signInAgain));
        expired.visibleProperty().bind(connection.sessionExpiredProperty());
        expired.managedProperty().bind(expired.visibleProperty());
        banners.getChildren().addAll(offline, expired);
        return banners;
    }

    private String offlineText() {
        Instant since = connection.offlineSinceProperty().get();
        if (since == null) {
            return "";
        }
        Instant saved = savedAt().get();
        return saved == null ? messages.get("app.offlineBannerNoCache", Date.from(since))
                : messages.get("app.offlineBanner", Date.from(since), Date.from(saved));
    }

    private static Label banner(String id, String style, FontIcon icon, String text) {
        Label label = new Label(text, icon);
        label.setId(id);
        label.getStyleClass().addAll("banner", style);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setWrapText(true);
        return label;
    }

    private HBox statusBar() {
        Label user = new Label(session.user().displayName(), new FontIcon(Material2MZ.PERSON));
        user.setId("currentUser");
        Label server = new Label(context.api().baseUri().getHost());
        server.getStyleClass().add("text-muted");
        Label devicesStarting = new Label(messages.get("app.devicesStarting"));
        devicesStarting.getStyleClass().add("text-muted");
        HBox deviceStatus = new HBox(devicesStarting);
        Button deviceCheck = new Button(messages.get("devices.title"), new FontIcon(Material2MZ.SETTINGS_VOICE));
        deviceCheck.setId("openDeviceCheck");
        deviceCheck.getStyleClass().add("small");
        deviceCheck.setDisable(true);
        context.devices().whenComplete((devices, failure) -> Platform.runLater(() -> {
            if (devices == null) {
                devicesStarting.setText(messages.get("app.devicesFailed"));
                return;
            }
            deviceStatusModel = new DeviceStatusModel(devices.cameras(), devices.audio(), messages.bundle());
            deviceStatus.getChildren().setAll(new DeviceStatusView(deviceStatusModel));
            deviceCheck.setDisable(false);
            deviceCheck.setOnAction(e -> new DeviceCheckWindow(root.getScene().getWindow(), devices,
                    messages.bundle()).show());
        }));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, user, deviceStatus, deviceCheck, spacer, server);
        if (waitingAlert != null) {
            ToggleButton alert = new ToggleButton(messages.get("callwindow.alert.setting"),
                    new FontIcon(Material2MZ.NOTIFICATIONS_ACTIVE));
            alert.setId("waitingAlert");
            alert.getStyleClass().add("small");
            alert.setTooltip(new javafx.scene.control.Tooltip(messages.get("callwindow.alert.setting.tooltip")));
            alert.selectedProperty().bindBidirectional(waitingAlert.enabledProperty());
            bar.getChildren().add(3, alert);
        }
        if (!context.config().demo()) {
            Button signOut = new Button(messages.get("app.signOut"), new FontIcon(Material2AL.LOG_OUT));
            signOut.setId("signOut");
            signOut.getStyleClass().add("small");
            signOut.setOnAction(e -> onSignOut.run());
            bar.getChildren().add(signOut);
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
    }
}
