package de.videoberatung.callwindow;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.i18n.Messages;
import de.videoberatung.media.audio.DevicePreferences;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knock on the door: a desktop notification and a short sound on the headset when a customer enters
 * the waiting room, so nobody is missed while the advisor works in another window. Switchable off; the
 * choice is kept in the advisor's preferences. Lives on the FX thread.
 */
public final class WaitingAlert {

    private static final Logger LOG = LoggerFactory.getLogger(WaitingAlert.class);
    static final String PREFERENCE = "alert.customerWaiting";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Messages messages;
    private final ZoneId zone;
    private final CompletableFuture<DeviceServices> devices;
    private final Supplier<Window> owner;
    private final BooleanProperty enabled = new SimpleBooleanProperty(true);
    private final Set<Long> waiting = new HashSet<>();
    private boolean seenFirstList;
    private int alerts;

    public WaitingAlert(ObservableList<Appointment> appointments, Messages messages, ZoneId zone,
                        CompletableFuture<DeviceServices> devices, Supplier<Window> owner, Executor fxThread) {
        this.messages = messages;
        this.zone = zone;
        this.devices = devices;
        this.owner = owner;
        devices.thenAccept(d -> {
            if (d != null) {
                boolean on = !"false".equals(d.preferences().get(PREFERENCE).orElse("true"));
                fxThread.execute(() -> enabled.set(on));
            }
        });
        enabled.addListener((obs, old, on) -> {
            DeviceServices d = devices.getNow(null);
            if (d != null) {
                d.preferences().put(PREFERENCE, Boolean.toString(on));
            }
        });
        appointments.addListener((ListChangeListener<Appointment>) change -> check(change.getList()));
    }

    private void check(List<? extends Appointment> list) {
        Set<Long> now = new HashSet<>();
        for (Appointment a : list) {
            if (a.status() == AppointmentStatus.CUSTOMER_WAITING) {
                now.add(a.id());
                if (seenFirstList && !waiting.contains(a.id())) {
                    knock(a);
                }
            }
        }
        waiting.clear();
        waiting.addAll(now);
        // Customers already waiting when the app starts are visible in the list; no knock for them.
        seenFirstList |= !list.isEmpty();
    }

    private void knock(Appointment a) {
        if (!enabled.get()) {
            return;
        }
        alerts++;
        Window window = owner.get();
        Notifications notification = Notifications.create()
                .title(messages.get("callwindow.alert.title"))
                .text(messages.get("callwindow.alert.text", a.customerName(), TIME.format(a.startsAt().atZone(zone))))
                .hideAfter(Duration.seconds(8));
        if (window != null) {
            notification.owner(window);
        }
        notification.showInformation();
        DeviceServices d = devices.getNow(null);
        if (d != null) {
            d.audio().earphone().ifPresent(earphone -> d.audio().playTestSound(earphone).exceptionally(e -> {
                LOG.warn("waiting sound not played: {}", e.toString());
                return null;
            }));
        }
    }

    /** Whether customers entering the waiting room are announced. */
    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** How many customers were announced so far (for tests). */
    public int alerts() {
        return alerts;
    }
}
