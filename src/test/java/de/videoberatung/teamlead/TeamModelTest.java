package de.videoberatung.teamlead;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CancelReason;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.StatusChange;
import de.videoberatung.api.UserInfo;
import de.videoberatung.i18n.Messages;
import de.videoberatung.queue.AppointmentFormModel;
import de.videoberatung.queue.AppointmentImportModel;
import de.videoberatung.queue.AppointmentText;
import de.videoberatung.queue.QueueService;
import de.videoberatung.testsupport.ImportFiles;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.ModelThread;
import de.videoberatung.testsupport.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team lead's day without a window: the real demo server on loopback (the day prepared as if it were
 * noon), the real queue service with the team source, the model's FX-thread work on one test thread; the
 * team lead's "Neuer Termin", "Verschieben", "Absagen" and import for an advisor, seen live in that advisor's app.
 */
class TeamModelTest {

    static final Duration LIVE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    LoopbackSession session;
    ModelThread fx;
    TeamModel model;
    final ObjectProperty<Instant> now = new SimpleObjectProperty<>(Instant.now());
    final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openTheTeamsDay() throws Exception {
        session = LoopbackSession.start(dir, "demo.teamleitung", LocalTime.NOON);
        fx = new ModelThread();
        QueueService service = session.queueService(new TeamSource());
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

    @Test
    void neuerTerminForAnAdvisorOfTheTeamShowsInTheTeamDayAndLiveInTheAdvisorsQueue() throws Exception {
        AtomicReference<QueueService.DayState> annasQueue = annasOtherApp();
        AppointmentFormModel form = fx.get(model::newAppointmentForm);
        fx.until("the team's advisors to pick from", () -> form.advisors().size() == 4);
        assertThat(fx.get(() -> form.advisors().stream().map(UserInfo::displayName).toList()))
                .containsExactlyInAnyOrder("Anna Becker", "Jonas Hoffmann", "Leyla Demir", "Markus Schulte");
        assertThat(fx.get(form::showsPrivateFields)).as("a new appointment: the team lead types everything").isTrue();
        fx.run(() -> {
            form.advisorProperty().set(form.advisors().stream().filter(u -> u.username().equals("demo.berater"))
                    .findFirst().orElseThrow());
            form.customerNameProperty().set("Olga Wolff");
            form.customerNumberProperty().set("123A456789");
            form.customerEmailProperty().set("olga.wolf@example.org");
            form.topicProperty().set("Folgegespräch");
            form.startProperty().set("22:10");
        });
        fx.run(form::submit);
        fx.until("saved", () -> form.savedProperty().get());
        fx.until("in the team day", () -> model.allRows().stream()
                .anyMatch(r -> r.appointment().customerName().equals("Olga Wolff")));
        Appointment inTeam = fx.get(() -> model.allRows().stream().map(TeamRow::appointment)
                .filter(a -> a.customerName().equals("Olga Wolff")).findFirst().orElseThrow());
        assertThat(inTeam.advisorName()).isEqualTo("Anna Becker");
        assertThat(inTeam.topic()).as("the team view").isNull();
        Poll.until("live in Anna's queue", LIVE, () -> annasQueue.get().appointments().stream()
                .anyMatch(a -> a.id() == inTeam.id() && "Folgegespräch".equals(a.topic())));
        assertThat(notices).anyMatch(n -> n.startsWith("Der Termin mit Olga Wolff am"));
    }

    @Test
    void verschiebenKeepsTheAdvisorAndWhatTheTeamViewDoesNotShow() throws Exception {
        AtomicReference<QueueService.DayState> annasQueue = annasOtherApp();
        Appointment before = annasLastScheduled();
        Appointment row = fx.get(() -> row(before.id()));
        assertThat(fx.get(() -> model.canEdit(row))).isTrue();
        AppointmentFormModel form = fx.get(() -> model.editForm(row));
        assertThat(fx.get(form::showsPrivateFields)).isFalse();
        assertThat(fx.get(form::advisorFixed)).isTrue();
        fx.until("the advisor shown", () -> form.advisorProperty().get() != null);
        assertThat(fx.get(() -> form.advisorProperty().get().displayName())).isEqualTo("Anna Becker");
        fx.run(() -> {
            form.startProperty().set("21:30");
            form.lengthMinutesProperty().set(45);
        });
        fx.run(form::submit);
        fx.until("saved", () -> form.savedProperty().get());
        Instant moved = LocalDate.now(LoopbackSession.ZONE).atTime(21, 30).atZone(LoopbackSession.ZONE).toInstant();
        fx.until("moved in the team day", () -> row(before.id()).startsAt().equals(moved));
        Poll.until("moved in Anna's queue", LIVE, () -> annasQueue.get().appointments().stream()
                .anyMatch(a -> a.id() == before.id() && a.startsAt().equals(moved)));

        Appointment after = anna().appointments(LocalDate.now(LoopbackSession.ZONE)).stream()
                .filter(a -> a.id() == before.id()).findFirst().orElseThrow();
        assertThat(after.endsAt()).isEqualTo(moved.plus(Duration.ofMinutes(45)));
        assertThat(after.advisorId()).isEqualTo(before.advisorId());
        // What the team lead never saw is still there.
        assertThat(after.topic()).isEqualTo(before.topic());
        // (An edit stores the number as the rules normalise it: the demo's "0441 928676" without the space.)
        assertThat(after.customerPhone()).isNotNull().isEqualTo(before.customerPhone().replace(" ", ""));
        assertThat(after.customerEmail()).isEqualTo(before.customerEmail());
        assertThat(after.customerLanguage()).isEqualTo(before.customerLanguage());
    }

    @Test
    void aRuleAboutAFieldTheTeamLeadsFormDoesNotShowIsSaidAboveTheButtons() throws Exception {
        Instant start = LocalDate.now(LoopbackSession.ZONE).atTime(20, 0).atZone(LoopbackSession.ZONE).toInstant();
        Appointment onSite = anna().createAppointment(new AppointmentDraft(null, "Vera Vorort", "222B333444", null,
                null, null, "Unterlagen", Channel.ON_SITE, start, start.plus(Duration.ofMinutes(30)), null, null));
        fx.until("in the team day", () -> model.allRows().stream().anyMatch(r -> r.appointment().id() == onSite.id()));
        AppointmentFormModel form = fx.get(() -> model.editForm(row(onSite.id())));
        fx.run(() -> form.channelProperty().set(Channel.VIDEO));
        fx.run(form::submit);
        fx.until("refused", () -> !form.busyProperty().get() && form.problemProperty().get() != null);
        assertThat(fx.get(() -> form.problemProperty().get()))
                .isEqualTo("Für einen Videotermin wird eine E-Mail-Adresse oder Mobilnummer für die Einladung gebraucht.");
        assertThat(fx.get(() -> Map.copyOf(form.errors()))).as("no error under a field that is not shown").isEmpty();
        assertThat(fx.get(() -> form.savedProperty().get())).isFalse();
    }

    @Test
    void absagenCancelsForTheAdvisorLiveAndTheTeamLeadKeepsOnlyTheTeamView() throws Exception {
        AtomicReference<QueueService.DayState> annasQueue = annasOtherApp();
        Appointment before = annasLastScheduled();
        Appointment row = fx.get(() -> row(before.id()));
        assertThat(fx.get(() -> model.canCancel(row))).isTrue();
        Appointment answer = fx.get(() -> model.cancel(row, CancelReason.ADVISOR_UNAVAILABLE))
                .get(20, TimeUnit.SECONDS);
        assertThat(answer.topic()).as("the team lead's answer is the team view").isNull();
        fx.until("cancelled in the team day", () -> row(before.id()).status() == AppointmentStatus.CANCELLED);
        assertThat(fx.get(() -> row(before.id()).topic())).isNull();
        assertThat(fx.get(() -> model.canCancel(row(before.id())))).isFalse();
        Poll.until("cancelled in Anna's queue", LIVE, () -> annasQueue.get().appointments().stream()
                .anyMatch(a -> a.id() == before.id() && a.status() == AppointmentStatus.CANCELLED
                        && a.cancelReason() == CancelReason.ADVISOR_UNAVAILABLE));
        fx.until("the team lead is told", () -> notices.contains(
                "Der Termin mit " + before.customerName() + " bei Anna Becker wurde abgesagt."));
    }

    @Test
    void anImportForAnAdvisorOfTheTeamWaitsForThePickAndShowsTheRejectedRow() throws Exception {
        Path csv = ImportFiles.csvWithARejectedRow(dir, LocalDate.now(LoopbackSession.ZONE));
        AppointmentImportModel importing = fx.get(model::importModel);
        assertThat(importing.choosesAdvisor()).isTrue();
        fx.until("the team's advisors", () -> importing.advisors().size() == 4);
        fx.run(() -> importing.importFile(csv));
        assertThat(fx.get(() -> importing.summaryProperty().get())).startsWith("Für wen sind die Termine aus termine.csv?");
        assertThat(fx.get(() -> importing.startedProperty().get())).as("nothing sent before the pick").isFalse();
        fx.run(() -> importing.advisorProperty().set(importing.advisors().stream()
                .filter(u -> u.displayName().equals("Jonas Hoffmann")).findFirst().orElseThrow()));
        fx.run(importing::start);
        fx.until("the answer", () -> !importing.busyProperty().get() && !importing.rejected().isEmpty());
        assertThat(fx.get(() -> List.copyOf(importing.rejected()))).containsExactly(
                ImportFiles.REJECTED_ROW);
        assertThat(fx.get(() -> importing.summaryProperty().get())).startsWith("Jonas Hoffmann: Nichts importiert");
        fx.run(importing::importValidEntries);
        fx.until("imported", () -> !importing.busyProperty().get()
                && importing.summaryProperty().get().startsWith("Jonas Hoffmann: 1 Termine angelegt"));
        fx.until("in the team day for Jonas", () -> model.allRows().stream().map(TeamRow::appointment)
                .anyMatch(a -> a.customerName().equals("Gut Eins") && a.advisorName().equals("Jonas Hoffmann")));
    }

    /** Anna Becker (demo.berater) in an app of her own: her queue of today, kept current by her event stream. */
    private AtomicReference<QueueService.DayState> annasOtherApp() throws Exception {
        AtomicReference<QueueService.DayState> state = new AtomicReference<>();
        QueueService queue = session.queueOfAnotherApp(dir.resolve("anna"), "demo.berater",
                u -> QueueService.Source.ownAppointments(u.id()));
        queue.setListener(state::set);
        queue.show(LocalDate.now(LoopbackSession.ZONE));
        Poll.until("Anna's queue shows today", LIVE, () -> state.get() != null);
        return state;
    }

    private ApiClient anna() throws Exception {
        ApiClient anna = new ApiClient(session.server.baseUri());
        anna.login("demo.berater", "demo");
        return anna;
    }

    /** Anna's last scheduled appointment of today, as she sees it (with topic and contact). */
    private Appointment annasLastScheduled() throws Exception {
        List<Appointment> open = anna().appointments(LocalDate.now(LoopbackSession.ZONE)).stream()
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED).toList();
        Appointment last = open.get(open.size() - 1);
        assertThat(last.topic()).isNotNull();
        return last;
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
