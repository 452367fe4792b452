package de.videoberatung.queue;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.StatusChange;
import de.videoberatung.teamlead.TeamSource;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change reaches every open app: the advisor's second app and the team lead's team day show a new,
 * moved, cancelled or imported appointment without a reload (real server, real event streams, real caches).
 */
class AppointmentLiveTest {

    static final Duration LIVE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    LoopbackSession session;
    final AtomicReference<QueueService.DayState> own = new AtomicReference<>();
    final AtomicReference<QueueService.DayState> otherApp = new AtomicReference<>();
    final AtomicReference<QueueService.DayState> team = new AtomicReference<>();
    QueueService queue;
    LocalDate today;

    @BeforeEach
    void openThreeApps() throws Exception {
        session = LoopbackSession.start(dir.resolve("first"), "demo.berater", LocalTime.of(7, 0));
        today = LocalDate.now(LoopbackSession.ZONE);
        queue = session.queueService(QueueService.Source.ownAppointments(session.session.user().id()));
        QueueService second = session.queueOfAnotherApp(dir.resolve("second"), "demo.berater",
                u -> QueueService.Source.ownAppointments(u.id()));
        QueueService lead = session.queueOfAnotherApp(dir.resolve("lead"), "demo.teamleitung", u -> new TeamSource());
        queue.setListener(own::set);
        second.setListener(otherApp::set);
        lead.setListener(team::set);
        for (QueueService q : List.of(queue, second, lead)) {
            q.show(today);
        }
        Poll.until("three apps show today", LIVE, () -> own.get() != null && otherApp.get() != null
                && team.get() != null);
    }

    @AfterEach
    void close() throws Exception {
        session.close();
    }

    @Test
    void aNewAppointmentShowsInTheOtherAppAndTheTeamDay() throws Exception {
        Instant start = today.atTime(23, 0).atZone(LoopbackSession.ZONE).toInstant();
        Appointment created = queue.create(new AppointmentDraft(null, "Neu Kundin", "321K654987",
                "neu@example.org", null, null, "Erstgespräch", Channel.VIDEO, start, start.plus(Duration.ofMinutes(30)),
                null, true)).get(20, TimeUnit.SECONDS);
        assertThat(ids(own)).as("the creating app at once").contains(created.id());
        Poll.until("the advisor's other app shows it", LIVE, () -> ids(otherApp).contains(created.id()));
        Poll.until("the team day shows it", LIVE, () -> ids(team).contains(created.id()));
        Appointment inTeam = team.get().appointments().stream().filter(a -> a.id() == created.id()).findFirst()
                .orElseThrow();
        assertThat(inTeam.topic()).as("the team lead sees no topic").isNull();
        assertThat(inTeam.customerEmail()).isNull();

        // Moved to tomorrow: it leaves today's list everywhere.
        Instant tomorrow = start.plus(Duration.ofDays(1));
        queue.update(created.id(), new AppointmentDraft(null, null, null, null, null, null, null, null, tomorrow,
                tomorrow.plus(Duration.ofMinutes(30)), null, true)).get(20, TimeUnit.SECONDS);
        Poll.until("gone from the other app's today", LIVE, () -> !ids(otherApp).contains(created.id()));
        Poll.until("gone from the team's today", LIVE, () -> !ids(team).contains(created.id()));
        assertThat(ids(own)).doesNotContain(created.id());
    }

    @Test
    void aCancellationAndAnImportArriveEverywhere() throws Exception {
        Appointment first = own.get().appointments().get(0);
        queue.changeStatus(first.id(), StatusChange.to(AppointmentStatus.CANCELLED)).get(20, TimeUnit.SECONDS);
        Poll.until("the other app shows it cancelled", LIVE, () -> status(otherApp, first.id())
                == AppointmentStatus.CANCELLED);
        Poll.until("the team day shows it cancelled", LIVE, () -> status(team, first.id())
                == AppointmentStatus.CANCELLED);

        String date = today.format(DateTimeFormatter.ofPattern("dd.MM.yyyy"));
        Path csv = dir.resolve("abend.csv");
        Files.writeString(csv, "Kundennummer;Name;E-Mail;Thema;Kanal;Datum;Beginn;Dauer\r\n"
                + "111A222333;Abend Eins;eins@example.org;Beratung;Video;" + date + ";22:00;20\r\n"
                + "111A222334;Abend Zwei;zwei@example.org;Beratung;Video;" + date + ";22:30;20\r\n",
                StandardCharsets.UTF_8);
        assertThat(queue.importFile(csv, null, false).get(20, TimeUnit.SECONDS).created()).isEqualTo(2);
        Poll.until("the imported two in the other app", LIVE, () -> names(otherApp).containsAll(
                List.of("Abend Eins", "Abend Zwei")));
        Poll.until("the imported two in the team day", LIVE, () -> names(team).containsAll(
                List.of("Abend Eins", "Abend Zwei")));
        Poll.until("the imported two in the importing app", LIVE, () -> names(own).containsAll(
                List.of("Abend Eins", "Abend Zwei")));
    }

    static List<Long> ids(AtomicReference<QueueService.DayState> state) {
        return state.get().appointments().stream().map(Appointment::id).toList();
    }

    static List<String> names(AtomicReference<QueueService.DayState> state) {
        return state.get().appointments().stream().map(Appointment::customerName).toList();
    }

    static AppointmentStatus status(AtomicReference<QueueService.DayState> state, long id) {
        return state.get().appointments().stream().filter(a -> a.id() == id).map(Appointment::status).findFirst()
                .orElse(null);
    }
}
