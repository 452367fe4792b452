package de.videoberatung.callwindow;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.StatusChange;
import de.videoberatung.call.CallEnd;
import de.videoberatung.call.CallService;
import de.videoberatung.devices.DeviceCheckWindow;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.i18n.Messages;
import de.videoberatung.media.audio.AudioDevice;
import de.videoberatung.media.audio.AudioException;
import de.videoberatung.media.audio.DevicePreferences;
import de.videoberatung.media.audio.MicrophoneLevelMeter;
import de.videoberatung.media.camera.CameraInfo;
import de.videoberatung.media.video.CameraFeed;
import de.videoberatung.threads.NamedThreads;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts calls from the queue: offers the Geräte-Check first when the devices changed since the last call,
 * opens the camera, and shows one {@link CallWindow} per appointment.
 */
public final class CallWindows {

    private static final Logger LOG = LoggerFactory.getLogger(CallWindows.class);

    private final Supplier<CallService> calls;
    private final ApiClient api;
    private final CompletableFuture<DeviceServices> devices;
    private final Messages messages;
    private final Clock clock;
    private final ZoneId zone;
    private final Function<Appointment, CallNotes> notes;
    private final ExecutorService background = NamedThreads.single("call-window");
    private final Map<Long, CallWindow> open = new HashMap<>();
    private Consumer<CallWindow> onOpened = w -> { };

    /**
     * @param notes the note editor for an appointment (or {@link CallNotes#placeholder})
     */
    public CallWindows(Supplier<CallService> calls, ApiClient api, CompletableFuture<DeviceServices> devices, Messages messages,
                       Clock clock, ZoneId zone, Function<Appointment, CallNotes> notes) {
        this.calls = calls;
        this.api = api;
        this.devices = devices;
        this.messages = messages;
        this.clock = clock;
        this.zone = zone;
        this.notes = notes;
    }

    /** Tells tests and the benchmark about each window shown. */
    public void setOnOpened(Consumer<CallWindow> onOpened) {
        this.onOpened = onOpened;
    }

    /** The window of an appointment's call, if open. */
    public Optional<CallWindow> window(long appointmentId) {
        return Optional.ofNullable(open.get(appointmentId));
    }

    /** "Gespräch starten" on a waiting customer's row. Call on the FX thread. */
    public void start(Appointment a, Window owner) {
        CallWindow existing = open.get(a.id());
        if (existing != null && a.status() == AppointmentStatus.CUSTOMER_WAITING && endedForWaitingRoom(existing)) {
            // The link was opened again and waits to be admitted: the old call's window makes way for a new call.
            existing.stage().hide();
            existing = null;
        }
        if (existing != null) {
            existing.stage().toFront();
            return;
        }
        if (a.status() != AppointmentStatus.CUSTOMER_WAITING) {
            return;
        }
        DeviceServices d = devices.getNow(null);
        if (d == null) {
            show(a, owner, null, () -> { });
            return;
        }
        DeviceMemory memory = new DeviceMemory(d.preferences());
        CompletableFuture.supplyAsync(() -> deviceSet(d), background).whenComplete((set, failure) ->
                Platform.runLater(() -> {
                    if (failure == null && memory.changedSinceLastCall(set) && offerDeviceCheck(owner)) {
                        DeviceCheckWindow check = new DeviceCheckWindow(owner, d, messages);
                        check.stage().addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> prepareAndShow(a, owner, d));
                        check.show();
                    } else {
                        prepareAndShow(a, owner, d);
                    }
                }));
    }

    private static boolean endedForWaitingRoom(CallWindow window) {
        CallEnd end = window.model().endProperty().get();
        return end != null && end.reason() == CallEnd.Reason.CUSTOMER_IN_WAITING_ROOM;
    }

    /** Opens the camera if none is open and remembers the devices, then shows the window. */
    private void prepareAndShow(Appointment a, Window owner, DeviceServices d) {
        CompletableFuture.supplyAsync(() -> {
            if (d.cameras().current().isEmpty()) {
                try {
                    d.cameras().openPreferred(d.preferences().get(DevicePreferences.CAMERA).orElse(null), null)
                            .get(10, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // The call goes on with sound only; the window says "Kamera aus".
                    LOG.warn("camera could not be opened for the call: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            new DeviceMemory(d.preferences()).remember(deviceSet(d));
            // The call's streams hold the audio devices while the window is open; taken here because it may
            // wait for a re-listing under way (see AudioDeviceService#holdDevices).
            return d.audio().holdDevices();
        }, background).whenComplete((hold, failure) -> Platform.runLater(() ->
                show(a, owner, d, hold != null ? hold::close : () -> { })));
    }

    private void show(Appointment a, Window owner, DeviceServices d, Runnable release) {
        if (open.containsKey(a.id())) {
            release.run();
            return;
        }
        CameraFeed camera = d != null ? d.cameras().feed() : NO_CAMERA;
        CallWindowModel.Services services = new CallWindowModel.Services(calls, new ApiPhoneFallback(api), camera,
                () -> levelSource(d), background, Platform::runLater, clock);
        CallWindowModel model = new CallWindowModel(a, services, messages);
        CallWindow window = new CallWindow(owner, model, d, notes.apply(a), messages, zone);
        window.stage().addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            open.remove(a.id());
            release.run();
        });
        open.put(a.id(), window);
        window.show();
        onOpened.accept(window);
    }

    private boolean offerDeviceCheck(Window owner) {
        ButtonType check = new ButtonType(messages.get("callwindow.devicesChanged.check"), ButtonBar.ButtonData.OK_DONE);
        ButtonType start = new ButtonType(messages.get("callwindow.devicesChanged.start"), ButtonBar.ButtonData.OTHER);
        Alert alert = new Alert(Alert.AlertType.INFORMATION, messages.get("callwindow.devicesChanged.text"), check, start);
        alert.initOwner(owner);
        alert.setTitle(messages.get("callwindow.devicesChanged.title"));
        alert.setHeaderText(messages.get("callwindow.devicesChanged.title"));
        return alert.showAndWait().filter(check::equals).isPresent();
    }

    /** The camera and headset a call would use now. Blocks briefly (device lists): background only. */
    private static DeviceMemory.DeviceSet deviceSet(DeviceServices d) {
        String camera = d.cameras().current().map(c -> c.name()).orElseGet(() -> {
            try {
                List<CameraInfo> cameras = d.cameras().cameras().get(10, TimeUnit.SECONDS);
                String preferred = d.preferences().get(DevicePreferences.CAMERA).orElse(null);
                return cameras.stream().map(CameraInfo::name).filter(n -> n.equals(preferred)).findFirst()
                        .or(() -> cameras.stream().map(CameraInfo::name).findFirst()).orElse(null);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("camera list not available: {}", e.toString());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
        return new DeviceMemory.DeviceSet(camera, d.audio().microphone().map(AudioDevice::id).orElse(null),
                d.audio().earphone().map(AudioDevice::id).orElse(null));
    }

    private static CallWindowModel.LevelSource levelSource(DeviceServices d) {
        if (d == null || d.audio().microphone().isEmpty()) {
            return null;
        }
        try {
            MicrophoneLevelMeter meter = d.audio().openLevelMeter(d.audio().microphone().get(), Duration.ofSeconds(4));
            return new CallWindowModel.LevelSource() {
                @Override
                public double dbfs() {
                    return meter.dbfs();
                }

                @Override
                public void close() {
                    meter.close();
                }
            };
        } catch (AudioException e) {
            LOG.warn("microphone level not available while muted: {}", e.getMessage());
            return null;
        }
    }

    /** Closes every call window (hanging up) and the background thread; at sign-out and exit. */
    public void closeAll() {
        new ArrayList<>(open.values()).forEach(w -> w.stage().hide());
        background.shutdown();
    }

    /** The phone fall-back through the server's API. */
    record ApiPhoneFallback(ApiClient api) implements CallWindowModel.PhoneFallback {
        @Override
        public void switchToPhone(long appointmentId) throws ApiException {
            api.switchToPhone(appointmentId);
        }

        @Override
        public void completeByPhone(long appointmentId) throws ApiException {
            api.changeStatus(appointmentId, StatusChange.to(AppointmentStatus.COMPLETED));
        }
    }

    /** Without device services the call carries sound only. */
    private static final CameraFeed NO_CAMERA = new CameraFeed() {
        @Override
        public int width() {
            return 640;
        }

        @Override
        public int height() {
            return 480;
        }

        @Override
        public int frameRate() {
            return 30;
        }

        @Override
        public BufferedImage latestImage() {
            return null;
        }
    };
}
