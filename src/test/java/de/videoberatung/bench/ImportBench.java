package de.videoberatung.bench;

import de.videoberatung.api.ImportResult;
import de.videoberatung.api.Json;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.app.AdvisorSession;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.AppContext;
import de.videoberatung.app.MainWindow;
import de.videoberatung.queue.QueueModel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Import of an iCalendar file with 2,000 events (an Outlook-like export: a VTIMEZONE, TZID times, a description
 * with the customer) into the signed-in advisor's day: from sending the file to the last of its appointments shown
 * in the queue of the running app (server transaction, the batched events, the client's cache and table). Each run
 * imports onto a day of its own, shown before the file is sent. Median of {@link #RUNS}.
 *
 * <p>{@code mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.ImportBench}
 */
public final class ImportBench {

    private static final int RUNS = 3;
    private static final int EVENTS = 2_000;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    public static void main(String[] args) throws Exception {
        QueueBench.Bench.headlessFx();
        try {
            run();
        } finally {
            Platform.exit();
        }
    }

    private static void run() throws Exception {
        Path data = Files.createTempDirectory("vb-bench-import");
        AppContext context = AppContext.start(AppConfigs.demo(data, "07:00"), Clock.systemUTC(),
                new CompletableFuture<>());
        SessionResponse session = context.signInDemo();
        MainWindow[] window = new MainWindow[1];
        Stage[] stage = new Stage[1];
        QueueBench.onFx(() -> {
            window[0] = MainWindow.open(context, session, () -> null, () -> { });
            stage[0] = new Stage();
            stage[0].setScene(new Scene(window[0].start(), 1280, 800));
            stage[0].show();
        });
        QueueModel queue = ((AdvisorSession) window[0].session()).queue();
        QueueBench.Bench.waitUntil(() -> queue.allAppointments().size() == 12);
        HttpClient http = HttpClient.newHttpClient();
        List<Long> totals = new ArrayList<>();
        List<Long> answers = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            LocalDate day = LocalDate.now(BERLIN).plusDays(10 + run);
            byte[] ics = calendar(day, run);
            QueueBench.onFx(() -> queue.dayProperty().set(day));
            QueueBench.Bench.waitUntil(() -> !queue.loadingProperty().get() && queue.allAppointments().isEmpty());
            long start = System.nanoTime();
            // Two thousand events of one day overlap: the bench books them anyway.
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(context.api().baseUri()
                            .resolve("api/v1/appointments/import?allowOverlap=true"))
                    .timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + session.token())
                    .header("Content-Type", "text/calendar").POST(HttpRequest.BodyPublishers.ofByteArray(ics)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            answers.add((System.nanoTime() - start) / 1_000_000);
            ImportResult result = Json.mapper().readValue(response.body(), ImportResult.class);
            if (result.created() != EVENTS) {
                throw new IllegalStateException("created " + result.created() + ", rejected " + result.rejected());
            }
            QueueBench.Bench.waitUntil(() -> queue.allAppointments().size() == EVENTS);
            QueueBench.onFx(() -> stage[0].getScene().getRoot().layout());
            totals.add((System.nanoTime() - start) / 1_000_000);
        }
        QueueBench.Bench.report("import 2,000 iCalendar events: server answered (ms)", answers);
        QueueBench.Bench.report("import 2,000 iCalendar events: last one in the queue (ms)", totals);
        QueueBench.onFx(() -> stage[0].close());
        QueueBench.onFx(() -> window[0].stop());
        window[0].session().close();
        context.close();
    }

    /** An Outlook-like export: one VTIMEZONE, {@link #EVENTS} events of 20 minutes on {@code day}. */
    private static byte[] calendar(LocalDate day, int run) {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0"
                + " MIMEDIR//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nBEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n"
                + "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
                + "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
                + "DTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\n"
                + "TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n");
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
        for (int i = 0; i < EVENTS; i++) {
            var start = day.atTime(7, 0).plusSeconds(i * 20L);
            ics.append("BEGIN:VEVENT\r\nUID:bench-").append(run).append('-').append(i).append("@outlook.example\r\n")
                    .append("DTSTAMP:20270101T000000Z\r\n")
                    .append("DTSTART;TZID=W. Europe Standard Time:").append(local.format(start)).append("\r\n")
                    .append("DTEND;TZID=W. Europe Standard Time:").append(local.format(start.plusMinutes(20)))
                    .append("\r\nSUMMARY:Beratung\r\nDESCRIPTION:Kundennummer: ")
                    .append(String.format("%03dB%06d", i % 1000, i)).append("\\nKunde: Kundin ").append(i)
                    .append("\\nE-Mail: kundin").append(i).append("@example.org\r\nEND:VEVENT\r\n");
        }
        return ics.append("END:VCALENDAR\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
