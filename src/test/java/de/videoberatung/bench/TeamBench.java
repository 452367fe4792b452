package de.videoberatung.bench;

import atlantafx.base.theme.PrimerLight;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.api.StatusChange;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.AppContext;
import de.videoberatung.app.TeamLeadSession;
import de.videoberatung.app.MainWindow;
import de.videoberatung.app.VideoberatungApp;
import de.videoberatung.bench.QueueBench.Bench;
import de.videoberatung.teamlead.TeamModel;
import de.videoberatung.teamlead.TeamRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * The team lead's list with 2,000 appointments of one day (the demo team's 48, copied with their statuses and
 * measured times), in the real main window under headless Monocle. Medians of several runs of: loading and
 * rendering the day from the server, sorting by a text column and back, filtering (text, then advisor and
 * status), scrolling through the table, and one pushed status change reaching its row.
 * Run with {@code mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.TeamBench}.
 */
public final class TeamBench {

    private static final int RUNS = 7;
    private static final int ROWS = 2_000;

    public static void main(String[] args) throws Exception {
        Bench.headlessFx();
        // The app's theme: the chart's colours are looked up from it.
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        try {
            run();
        } finally {
            Platform.exit();
        }
    }

    @SuppressWarnings("unchecked")
    private static void run() throws Exception {
        Path data = Files.createTempDirectory("vb-bench-team");
        // Devices are not part of this measurement: they stay "starting".
        AppContext context = AppContext.start(AppConfigs.demoAs(data, "12:00", "demo.teamleitung"), Clock.systemUTC(),
                new CompletableFuture<>());
        LocalDate today = LocalDate.now(context.zone());
        addTeamAppointments(context.embeddedServer().dataDir().resolve("server.db"), ROWS - 48);
        SessionResponse session = context.signInDemo();

        MainWindow[] window = new MainWindow[1];
        Stage[] stage = new Stage[1];
        QueueBench.onFx(() -> {
            window[0] = MainWindow.open(context, session, () -> null, () -> { });
            stage[0] = new Stage();
            Scene scene = new Scene(window[0].start(), 1280, 800);
            scene.getStylesheets().add(VideoberatungApp.class.getResource("/de/videoberatung/app/app.css")
                    .toExternalForm());
            stage[0].setScene(scene);
            stage[0].show();
        });
        TeamModel team = ((TeamLeadSession) window[0].session()).team();
        TableView<TeamRow> table = (TableView<TeamRow>) stage[0].getScene().lookup("#teamTable");
        Runnable layout = () -> stage[0].getScene().getRoot().layout();
        Bench.waitUntil(() -> team.allRows().size() == ROWS);

        List<Long> loads = new ArrayList<>();
        List<Long> sorts = new ArrayList<>();
        List<Long> textFilters = new ArrayList<>();
        List<Long> choiceFilters = new ArrayList<>();
        List<Long> scrolls = new ArrayList<>();
        int[] kept = new int[2];
        for (int i = 0; i < RUNS; i++) {
            QueueBench.onFx(team::nextDay);
            Bench.waitUntil(() -> !team.loadingProperty().get() && team.allRows().isEmpty());
            long start = System.nanoTime();
            QueueBench.onFx(() -> team.dayProperty().set(today));
            Bench.waitUntil(() -> !team.loadingProperty().get() && team.allRows().size() == ROWS);
            QueueBench.onFx(layout);
            loads.add(millisSince(start));

            start = System.nanoTime();
            QueueBench.onFx(() -> {
                table.getSortOrder().setAll(table.getColumns().get(2));
                layout.run();
                table.getSortOrder().setAll(table.getColumns().get(0));
                layout.run();
            });
            sorts.add(millisSince(start) / 2);

            start = System.nanoTime();
            QueueBench.onFx(() -> {
                team.searchProperty().set("an");
                layout.run();
                kept[0] = team.shownRows().size();
            });
            textFilters.add(millisSince(start));
            QueueBench.onFx(() -> team.searchProperty().set(""));

            start = System.nanoTime();
            QueueBench.onFx(() -> {
                team.advisorFilterProperty().set("Leyla Demir");
                team.statusFilterProperty().set(AppointmentStatus.COMPLETED);
                layout.run();
                kept[1] = team.shownRows().size();
            });
            choiceFilters.add(millisSince(start));
            QueueBench.onFx(team::showAll);

            // Twenty jumps through the list, each laid out as a frame would be.
            start = System.nanoTime();
            QueueBench.onFx(() -> {
                for (int step = 1; step <= 20; step++) {
                    table.scrollTo(step * (ROWS / 20) - 1);
                    layout.run();
                }
            });
            scrolls.add(millisSince(start) / 20);
        }
        System.out.println("  filter 'an' keeps " + kept[0] + ", Leyla Demir + Erledigt keeps " + kept[1]
                + " of " + ROWS + " rows");
        Bench.report("load and render 2,000 team rows (ms)", loads);
        Bench.report("sort 2,000 team rows by a column and lay out (ms)", sorts);
        Bench.report("filter 2,000 team rows by text and lay out (ms)", textFilters);
        Bench.report("filter 2,000 team rows by advisor+status (ms)", choiceFilters);
        Bench.report("scroll one screen-jump in 2,000 rows (ms per frame)", scrolls);
        liveUpdates(context, team, today);

        QueueBench.onFx(() -> {
            window[0].stop();
            stage[0].close();
        });
        window[0].session().close();
        context.close();
    }

    /** An advisor's status change: from the API call returning to the team lead's row showing it. */
    private static void liveUpdates(AppContext context, TeamModel team, LocalDate today) throws Exception {
        ApiClient advisor = new ApiClient(context.embeddedServer().baseUri());
        advisor.login("demo.berater", "demo");
        List<Appointment> open = advisor.appointments(today).stream()
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED).toList();
        List<Long> updates = new ArrayList<>();
        for (int i = 0; i < Math.min(RUNS, open.size()); i++) {
            long id = open.get(i).id();
            long start = System.nanoTime();
            advisor.changeStatus(id, StatusChange.to(AppointmentStatus.CANCELLED));
            Bench.waitUntil(() -> team.allRows().stream().anyMatch(r -> r.appointment().id() == id
                    && r.appointment().status() == AppointmentStatus.CANCELLED));
            updates.add(millisSince(start));
        }
        Bench.report("pushed change reaches its row among 2,000 (ms)", updates);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Copies the demo team's appointments, statuses and measured times included, spread over the same day. */
    private static void addTeamAppointments(Path serverDb, int count) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + serverDb)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO appointment (advisor_id, team_id, "
                    + "customer_name, customer_number, customer_phone, topic, channel, starts_at, ends_at, status, "
                    + "no_show_reason, join_token, waiting_since, call_started_at, call_ended_at, duration_seconds, "
                    + "updated_at) SELECT advisor_id, team_id, customer_name || ' ' || ?, customer_number, "
                    + "customer_phone, topic, channel, starts_at + ?, ends_at + ?, status, no_show_reason, NULL, NULL, "
                    + "call_started_at + ?, call_ended_at + ?, duration_seconds, updated_at FROM appointment "
                    + "WHERE id = (SELECT MIN(id) FROM appointment) + ?")) {
                for (int i = 0; i < count; i++) {
                    // Within a few seconds of the original, so every copy stays on the same day.
                    long shift = (i / 48 + 1) * 1000L;
                    ps.setInt(1, i);
                    ps.setLong(2, shift);
                    ps.setLong(3, shift);
                    ps.setLong(4, shift);
                    ps.setLong(5, shift);
                    ps.setInt(6, i % 48);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
