package de.videoberatung.queue;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.i18n.Messages;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.ModelThread;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor's day queue without a window: the real demo server on loopback, the real queue service and
 * cache on temp SQLite, the model's FX-thread work on one test thread. Each test opens its own day.
 */
class QueueModelTest {

    @TempDir
    Path dir;
    LoopbackSession session;
    ModelThread fx;
    QueueModel model;
    final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openTheDay() throws Exception {
        // Prepared as if it were 07:00: every appointment of the demo day is still open.
        session = LoopbackSession.start(dir, "demo.berater", LocalTime.of(7, 0));
        fx = new ModelThread();
        model = session.ownQueue(fx, notices::add);
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
        session.close();
    }

    @Test
    void theDayShowsTheServersAppointmentsInOrderWithTheSummary() {
        List<Appointment> rows = fx.get(() -> List.copyOf(model.visibleAppointments()));
        assertThat(rows).hasSize(12);
        assertThat(rows).extracting(Appointment::startsAt).isSorted();
        assertThat(rows).allSatisfy(a -> assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED));
        assertThat(fx.get(() -> model.summaryProperty().get())).isEqualTo("12 Termine, davon 0 wartend");
        assertThat(fx.get(() -> model.fromCacheProperty().get())).isFalse();
        assertThat(fx.get(() -> model.savedAtProperty().get())).isNotNull();
        assertThat(fx.get(() -> model.dayProperty().get())).isEqualTo(LocalDate.now(LoopbackSession.ZONE));
    }

    @Test
    void aCustomerJoiningIsCountedAndCanBeCalledWithoutARefresh() throws Exception {
        Appointment video = first(Channel.VIDEO);
        List<Appointment> started = new CopyOnWriteArrayList<>();
        fx.run(() -> model.setCallStarter(started::add));
        assertThat(fx.get(() -> model.canStartCall(video))).as("nobody waits yet").isFalse();

        session.customerJoins(video);

        fx.until("the summary counts the waiting customer",
                () -> model.summaryProperty().get().equals("12 Termine, davon 1 wartend"));
        Appointment waiting = fx.get(() -> row(video.id()));
        assertThat(waiting.status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
        assertThat(waiting.waitingSince()).isNotNull();
        Appointment phone = first(Channel.PHONE);
        fx.run(() -> {
            model.startCall(phone);
            model.startCall(waiting);
        });
        assertThat(started).extracting(Appointment::id).containsExactly(video.id());
    }

    @Test
    void searchKeepsTheRowsMatchingEveryWordAndSaysWhenNothingMatches() {
        Appointment any = fx.get(() -> model.allAppointments().get(3));
        fx.run(() -> model.searchProperty().set(any.customerNumber()));
        assertThat(fx.get(() -> List.copyOf(model.visibleAppointments()))).extracting(Appointment::id)
                .containsExactly(any.id());

        String[] name = any.customerName().split(" ");
        String query = name[name.length - 1].toUpperCase() + " " + any.topic().split(" ")[0].toLowerCase();
        fx.run(() -> model.searchProperty().set(query));
        assertThat(fx.get(() -> List.copyOf(model.visibleAppointments()))).extracting(Appointment::id)
                .contains(any.id());

        fx.run(() -> model.searchProperty().set(any.customerNumber() + " kein-treffer-xyz"));
        assertThat(fx.get(() -> model.visibleAppointments().isEmpty())).isTrue();
        fx.run(() -> model.searchProperty().set(""));
        assertThat(fx.get(() -> model.visibleAppointments().size())).isEqualTo(12);
    }

    @Test
    void noShowAndCancellationChangeTheRowOnTheServerAndSayWhatHappened() throws Exception {
        Appointment phone = first(Channel.PHONE);
        Appointment onSite = first(Channel.ON_SITE);

        fx.run(() -> model.markNoShow(phone, NoShowReason.CUSTOMER_ABSENT));
        fx.until("the row shows the no-show", () -> row(phone.id()).status() == AppointmentStatus.NO_SHOW);
        fx.until("the advisor is told", () -> notices.contains("Erfasst: " + phone.customerName()
                + " hat nicht teilgenommen (Kundin/Kunde ist nicht erschienen)."));
        assertThat(fx.get(() -> model.canMarkNoShow(row(phone.id())))).as("decided once").isFalse();

        fx.run(() -> model.cancel(onSite));
        fx.until("the row shows the cancellation", () -> row(onSite.id()).status() == AppointmentStatus.CANCELLED);
        fx.until("the advisor is told", () -> notices.contains("Der Termin mit " + onSite.customerName()
                + " wurde abgesagt."));

        // The server holds both, as a second device would see them.
        assertThat(session.client.appointments(LocalDate.now(LoopbackSession.ZONE)))
                .filteredOn(a -> a.id() == phone.id() || a.id() == onSite.id())
                .extracting(Appointment::status)
                .containsExactlyInAnyOrder(AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED);
    }

    @Test
    void offlineTheDayComesFromTheCacheAndActionsAreRefusedPlainly() {
        Appointment video = first(Channel.VIDEO);
        session.server.stop();
        fx.run(() -> model.markNoShow(video, NoShowReason.CUSTOMER_ABSENT));
        fx.until("the refusal is explained", () -> notices.contains("Sie sind offline. Diese Aktion braucht den "
                + "Server; bitte versuchen Sie es erneut, sobald die Verbindung wieder besteht."));
        assertThat(fx.get(() -> row(video.id()).status())).isEqualTo(AppointmentStatus.SCHEDULED);

        // A day never fetched is empty; today comes back from the cache with every row.
        fx.run(model::nextDay);
        fx.until("the next day is shown", () -> !model.loadingProperty().get());
        assertThat(fx.get(() -> model.visibleAppointments().isEmpty())).isTrue();
        assertThat(fx.get(() -> model.fromCacheProperty().get())).isTrue();
        fx.run(model::today);
        fx.until("today from the cache", () -> !model.loadingProperty().get() && model.fromCacheProperty().get()
                && model.visibleAppointments().size() == 12);

        // Back online, the queue reloads from the server by itself.
        session.server.start();
        fx.until("fresh from the server again", () -> !model.fromCacheProperty().get());
        assertThat(fx.get(() -> model.visibleAppointments().size())).isEqualTo(12);
    }

    @Test
    void theInvitationLinkIsOfferedForOpenVideoAppointmentsOnly() {
        Appointment video = first(Channel.VIDEO);
        Appointment phone = first(Channel.PHONE);
        assertThat(fx.get(() -> model.canCopyLink(phone))).isFalse();
        assertThat(fx.get(() -> model.joinLinkFor(phone))).isNull();
        assertThat(fx.get(() -> model.canCopyLink(video))).isTrue();

        String link = fx.get(() -> model.joinLinkFor(video));

        assertThat(link).isEqualTo(video.joinUrl()).contains("/j/");
        assertThat(notices).containsExactly("Der Einladungslink für " + video.customerName()
                + " liegt in der Zwischenablage.");
    }

    /** The first appointment of the day on {@code channel} (read on the model thread). */
    private Appointment first(Channel channel) {
        return fx.get(() -> model.allAppointments().stream().filter(a -> a.channel() == channel)
                .findFirst().orElseThrow());
    }

    /** The row of appointment {@code id} as shown now; call on the model thread. */
    private Appointment row(long id) {
        return model.allAppointments().stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }
}
