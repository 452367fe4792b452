package de.videoberatung.teamlead;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.StatusChange;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.queue.QueueService;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.ModelThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team lead's day without a window: the real demo server on loopback (the day prepared as if it were
 * noon), the real queue service with the team source, the model's FX-thread work on one test thread.
 */
class TeamModelTest {

    @TempDir
    Path dir;
    LoopbackSession session;
    ModelThread fx;
    QueueService service;
    TeamModel model;
    final ObjectProperty<Instant> now = new SimpleObjectProperty<>(Instant.now());
    final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openTheTeamsDay() throws Exception {
        session = LoopbackSession.start(dir, "demo.teamleitung", LocalTime.NOON);
        fx = new ModelThread();
        service = session.queueService(new TeamSource());
        Messages messages = Messages.german();
        fx.run(() -> {
            model = new TeamModel(service, messages, new AppointmentText(messages, Duration.ofMinutes(10)),
                    Clock.systemUTC(), LoopbackSession.ZONE, session.io, fx, notices::add, now);
            model.start();
        });
        fx.until("the day is loaded", () -> !model.loadingProperty().get());
    }

    @AfterEach
    void close() throws Exception {
        service.close();
        fx.close();
        session.close();
    }

    @Test
    void theWholeTeamsDayWithItsAdvisorsAndFigures() {
        List<Appointment> rows = shown();
        assertThat(rows).hasSize(48);
        assertThat(rows).allSatisfy(a -> assertThat(a.joinUrl()).as("a team lead gets no join links").isNull());
        assertThat(fx.get(() -> List.copyOf(model.advisors())))
                .containsExactly("Anna Becker", "Jonas Hoffmann", "Leyla Demir", "Markus Schulte");
        TeamSummary summary = fx.get(() -> model.summaryProperty().get());
        assertThat(summary.total()).isEqualTo(48);
        assertThat(summary.count(AppointmentStatus.COMPLETED)).isPositive()
                .isEqualTo((int) rows.stream().filter(a -> a.status() == AppointmentStatus.COMPLETED).count());
        assertThat(summary.totalConsultationTime()).isPositive();
        assertThat(fx.get(() -> model.waitingTextProperty().get())).isEqualTo("Niemand wartet");
    }

    @Test
    void filtersNarrowTheRowsAndTheFiguresFollowThem() {
        fx.run(() -> model.advisorFilterProperty().set("Leyla Demir"));
        assertThat(shown()).hasSize(12).allSatisfy(a -> assertThat(a.advisorName()).isEqualTo("Leyla Demir"));
        assertThat(fx.get(() -> model.summaryProperty().get().total())).isEqualTo(12);

        fx.run(() -> model.statusFilterProperty().set(AppointmentStatus.COMPLETED));
        List<Appointment> held = shown();
        assertThat(held).isNotEmpty().allSatisfy(a -> {
            assertThat(a.advisorName()).isEqualTo("Leyla Demir");
            assertThat(a.status()).isEqualTo(AppointmentStatus.COMPLETED);
        });
        TeamSummary summary = fx.get(() -> model.summaryProperty().get());
        assertThat(summary.total()).isEqualTo(held.size());
        assertThat(fx.get(() -> model.noShowRateText(summary)).replace('\u00A0', ' ')).isEqualTo("0 %");

        fx.run(() -> {
            model.showAll();
            model.channelFilterProperty().set(Channel.PHONE);
        });
        assertThat(shown()).isNotEmpty().allSatisfy(a -> assertThat(a.channel()).isEqualTo(Channel.PHONE));

        Appointment any = fx.get(() -> model.allRows().get(17).appointment());
        fx.run(() -> {
            model.showAll();
            model.searchProperty().set(any.customerNumber());
        });
        assertThat(shown()).extracting(Appointment::id).containsExactly(any.id());

        fx.run(model::showAll);
        assertThat(shown()).hasSize(48);
    }

    @Test
    void theAdvisorsChangesAndAWaitingCustomerAppearLiveAndTheWaitTicks() throws Exception {
        ApiClient advisor = new ApiClient(session.server.baseUri());
        advisor.login("demo.berater", "demo");
        List<Appointment> open = advisor.appointments(LocalDate.now(LoopbackSession.ZONE)).stream()
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED).toList();
        Appointment missed = open.stream().filter(a -> a.channel() != Channel.VIDEO).findFirst().orElseThrow();
        int noShowsBefore = fx.get(() -> model.summaryProperty().get().count(AppointmentStatus.NO_SHOW));

        advisor.changeStatus(missed.id(), new StatusChange(AppointmentStatus.NO_SHOW, NoShowReason.CUSTOMER_ABSENT));
        fx.until("the no-show reaches the team lead", () -> row(missed.id()).status() == AppointmentStatus.NO_SHOW);
        assertThat(fx.get(() -> model.summaryProperty().get().count(AppointmentStatus.NO_SHOW)))
                .isEqualTo(noShowsBefore + 1);

        Appointment video = open.stream().filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
        session.customerJoins(video);
        fx.until("the waiting customer is counted", () -> model.waitingTextProperty().get()
                .matches("1 Kundin/Kunde wartet, am längsten seit 0:\\d\\d"));
        Instant since = fx.get(() -> row(video.id()).waitingSince());

        // The clock ticks, no new data: the longest wait follows the clock.
        fx.run(() -> now.set(since.plusSeconds(75)));
        assertThat(fx.get(() -> model.waitingTextProperty().get()))
                .isEqualTo("1 Kundin/Kunde wartet, am längsten seit 1:15");
    }

    @Test
    void theExportWritesTheShownRowsAndSaysWhereAndAFailureIsExplained() throws Exception {
        fx.run(() -> model.advisorFilterProperty().set("Anna Becker"));
        String name = fx.get(model::exportFileName);
        assertThat(name).isEqualTo("Teamliste-" + LocalDate.now(LoopbackSession.ZONE) + ".csv");
        Path file = dir.resolve(name);

        assertThat(fx.get(() -> model.exportCsv(file)).get(10, TimeUnit.SECONDS)).isEqualTo(12);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(13);
        assertThat(lines.subList(1, 13)).allSatisfy(line -> assertThat(line).contains("Anna Becker"));
        fx.until("the team lead is told", () -> notices.contains("12 Termine gespeichert in " + name + "."));

        Path nowhere = dir.resolve("gibt-es-nicht").resolve(name);
        var failed = fx.get(() -> model.exportCsv(nowhere));
        try {
            failed.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the export into a missing folder succeeded");
        } catch (ExecutionException expected) {
            // told to the team lead below
        }
        fx.until("the failure is explained", () -> notices.contains(
                "Die Datei konnte nicht gespeichert werden. Bitte wählen Sie einen anderen Ort."));
        assertThat(nowhere).doesNotExist();
    }

    @Test
    void anotherDayIsLoadedAndTodayComesBack() {
        fx.run(model::nextDay);
        fx.until("the next day is shown", () -> !model.loadingProperty().get());
        assertThat(shown()).isEmpty();
        assertThat(fx.get(() -> model.summaryProperty().get().total())).isZero();
        fx.run(model::today);
        fx.until("today again", () -> !model.loadingProperty().get() && model.allRows().size() == 48);
    }

    private List<Appointment> shown() {
        return fx.get(model::shownAppointments);
    }

    /** The row of appointment {@code id} as shown now; call on the model thread. */
    private Appointment row(long id) {
        return model.allRows().stream().map(TeamRow::appointment).filter(a -> a.id() == id).findFirst()
                .orElseThrow();
    }
}
