package de.videoberatung.app;

import de.videoberatung.api.SessionResponse;
import de.videoberatung.devices.DeviceCheckWindow;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.devices.DeviceStatusModel;
import de.videoberatung.devices.DeviceStatusView;
import de.videoberatung.i18n.Messages;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The signed-in main window: banners, the session's main content (the queue, or the team's day), short
 * notices and the status bar. A view over a {@link Session}; it builds no services.
 */
public final class MainWindow {

    private final Session session;
    private final Messages messages;
    private final boolean demo;
    private final String serverHost;
    private final CompletableFuture<DeviceServices> devices;
    private final Timeline ticker;
    private final Notices notices;
    private final BorderPane root = new BorderPane();
    private DeviceStatusModel deviceStatusModel;
    private final Runnable onSignOut;

    /**
     * @param notices where the session's models show their notices
     * @param onSignOut leaves this session (sign-out, or sign-in again after the session expired)
     */
    MainWindow(Session session, Notices notices, Messages messages, boolean demo, String serverHost,
               CompletableFuture<DeviceServices> devices, Runnable onSignOut) {
        this.session = session;
        this.notices = notices;
        this.messages = messages;
        this.demo = demo;
        this.serverHost = serverHost;
        this.devices = devices;
        this.onSignOut = onSignOut;
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> session.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        notices.pane().setContent(session.content());
        root.setTop(banners());
        root.setCenter(notices.pane());
        root.setBottom(statusBar());
        root.getStyleClass().add("main-window");
    }

    /**
     * Opens the session of a user who just signed in and its main window (on the FX thread): the app's
     * and the benchmarks' one way in.
     *
     * @param owner the stage the window is shown in
     */
    public static MainWindow open(AppContext context, SessionResponse signedIn, Supplier<Window> owner,
                                  Runnable onSignOut) {
        Notices notices = new Notices();
        Session session = context.openSession(signedIn, new SessionHooks(Platform::runLater, notices::show, owner));
        return new MainWindow(session, notices, context.messages(), context.config().demo(),
                context.api().baseUri().getHost(), context.devices(), onSignOut);
    }

    public Session session() {
        return session;
    }

    /** Starts the clock and the session (its connection, its first day). */
    public Parent start() {
        ticker.play();
        session.start();
        return root;
    }

    public String title() {
        return messages.get("app.title") + " – " + session.user().displayName();
    }

    /** Stops the clock and what this window follows; the session is closed by its owner. */
    public void stop() {
        ticker.stop();
        if (deviceStatusModel != null) {
            deviceStatusModel.dispose();
        }
    }

    private VBox banners() {
        VBox banners = new VBox();
        if (demo) {
            banners.getChildren().add(banner("demoBanner", "banner-demo", new FontIcon(Material2AL.INFO),
                    messages.get("app.demoBanner")));
        }
        Label offline = banner("offlineBanner", "banner-offline", new FontIcon(Material2MZ.WIFI_OFF), "");
        offline.textProperty().bind(Bindings.createStringBinding(this::offlineText,
                session.connection().offlineSinceProperty(), session.savedAtProperty()));
        offline.visibleProperty().bind(session.connection().onlineProperty().not());
        offline.managedProperty().bind(offline.visibleProperty());
        Label expired = banner("sessionExpiredBanner", "banner-offline", new FontIcon(Material2AL.LOCK),
                messages.get("app.sessionExpired"));
        Button signInAgain = new Button(messages.get("app.signInAgain"));
        signInAgain.setId("signInAgain");
        signInAgain.setOnAction(e -> onSignOut.run());
        expired.setContentDisplay(ContentDisplay.LEFT);
        expired.setGraphic(new HBox(8, new FontIcon(Material2AL.LOCK), signInAgain));
        expired.visibleProperty().bind(session.connection().sessionExpiredProperty());
        expired.managedProperty().bind(expired.visibleProperty());
        banners.getChildren().addAll(offline, expired);
        return banners;
    }

    private String offlineText() {
        Instant since = session.connection().offlineSinceProperty().get();
        if (since == null) {
            return "";
        }
        Instant saved = session.savedAtProperty().get();
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
        Label server = new Label(serverHost);
        server.getStyleClass().add("text-muted");
        Label devicesStarting = new Label(messages.get("app.devicesStarting"));
        devicesStarting.getStyleClass().add("text-muted");
        HBox deviceStatus = new HBox(devicesStarting);
        Button deviceCheck = new Button(messages.get("devices.title"), new FontIcon(Material2MZ.SETTINGS_VOICE));
        deviceCheck.setId("openDeviceCheck");
        deviceCheck.getStyleClass().add("small");
        deviceCheck.setDisable(true);
        devices.whenComplete((devices, failure) -> Platform.runLater(() -> {
            if (devices == null) {
                devicesStarting.setText(messages.get("app.devicesFailed"));
                return;
            }
            deviceStatusModel = new DeviceStatusModel(devices.cameras(), devices.audio(), messages,
                    Platform::runLater);
            deviceStatus.getChildren().setAll(new DeviceStatusView(deviceStatusModel));
            deviceCheck.setDisable(false);
            deviceCheck.setOnAction(e -> new DeviceCheckWindow(root.getScene().getWindow(), devices, messages)
                    .show());
        }));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, user, deviceStatus, deviceCheck, spacer, server);
        session.waitingAlert().ifPresent(enabled -> {
            ToggleButton alert = new ToggleButton(messages.get("callwindow.alert.setting"),
                    new FontIcon(Material2MZ.NOTIFICATIONS_ACTIVE));
            alert.setId("waitingAlert");
            alert.getStyleClass().add("small");
            alert.setTooltip(new Tooltip(messages.get("callwindow.alert.setting.tooltip")));
            alert.selectedProperty().bindBidirectional(enabled);
            bar.getChildren().add(3, alert);
        });
        if (!demo) {
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
