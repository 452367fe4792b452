package de.videoberatung.teamlead;

import static de.videoberatung.app.TestApps.START_SECONDS;
import static de.videoberatung.app.TestApps.waitFor;
import static de.videoberatung.app.TestApps.waitUntilShown;
import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.StatusChange;
import de.videoberatung.app.AppConfig;
import de.videoberatung.app.AppConfigs;
import de.videoberatung.app.TestApps;
import de.videoberatung.app.VideoberatungApp;
import de.videoberatung.testsupport.CustomerPage;
import de.videoberatung.testsupport.PulseAudioServer;
import de.videoberatung.testsupport.Screenshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.text.Collator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The app in demo mode signed in as the team lead, in a real JavaFX scene (Monocle headless): the team's
 * day with its figures and chart, live changes from the advisor and the customer, filters, sorting, CSV
 * export and the printed pages.
 */
@ExtendWith(PulseAudioServer.Extension.class)
class TeamUiIT {

    @TempDir
    static Path dataDir;
    static VideoberatungApp app;
    static ApiClient advisor;
    static final FxRobot robot = new FxRobot();
    /** The appointments the tests gave a note, in whatever order they ran. */
    static final Set<Long> NOTED = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startAppAsTeamLead(PulseAudioServer pulse) throws Exception {
        // Prepared as if it were noon: the morning is held or missed, the afternoon still open.
        AppConfig config = AppConfigs.demoAs(dataDir, "12:00", "demo.teamleitung");
        app = TestApps.launch(config, dataDir);
        waitFor(START_SECONDS, () -> app.teamLead() != null && team() != null && team().allRows().size() == 48);
        advisor = new ApiClient(app.context().embeddedServer().baseUri());
        advisor.login("demo.berater", "demo");
    }

    @AfterAll
    static void stopApp() throws TimeoutException {
        TestApps.stop(app);
    }

    static TeamModel team() {
        return app.teamLead().team();
    }

    static TableView<TeamRow> table() {
        return robot.lookup("#teamTable").queryTableView();
    }

    @Test
    void showsTheWholeDemoTeamInsteadOfAPersonalQueue() throws Exception {
        Screenshots.save(table().getScene(), "team");
        assertThat(robot.lookup("#queueTable").tryQuery()).isEmpty();
        assertThat(robot.lookup("#currentUser").queryLabeled().getText()).isEqualTo("Katrin Vogel");
        List<Appointment> rows = shown();
        assertThat(rows).hasSize(48);
        assertThat(rows).extracting(Appointment::startsAt).isSorted();
        assertThat(rows.stream().collect(Collectors.groupingBy(Appointment::advisorName, Collectors.counting())))
                .isEqualTo(Map.of("Anna Becker", 12L, "Jonas Hoffmann", 12L, "Leyla Demir", 12L,
                        "Markus Schulte", 12L));
        assertThat(rows).allSatisfy(a -> assertThat(a.joinUrl()).isNull());
        assertThat(team().advisors()).containsExactly("Anna Becker", "Jonas Hoffmann", "Leyla Demir",
                "Markus Schulte");
        assertThat(table().getColumns()).extracting(c -> c.getText()).containsExactly("Uhrzeit",
                "Beraterin/Berater", "Kundin/Kunde", "Kundennummer", "Kanal", "Status", "Beginn", "Ende", "Dauer",
                "Notiz");
        // At noon the morning is over: held consultations have measured times, missed ones count as no-shows.
        assertThat(rows).filteredOn(a -> a.status() == AppointmentStatus.COMPLETED).isNotEmpty()
                .allSatisfy(a -> assertThat(a.durationSeconds()).isPositive());
        assertThat(robot.lookup("#teamRowCount").queryLabeled().getText()).isEqualTo("48 Termine");
        assertSummaryAgreesWithRows();
        // The first rows on screen are the morning's.
        waitUntilShown(5, () -> visibleTexts(), "Erledigt", "Video", "Telefon", "Vor Ort");
    }

    @Test
    void noteShowsOnlyAsNotizVorhanden() throws Exception {
        long noted = shown().get(0).id();
        markNoted(noted);
        robot.clickOn("#teamNextDay");
        waitFor(5, () -> !team().loadingProperty().get() && team().allRows().isEmpty());
        assertThat(robot.lookup(".placeholder .label").queryLabeled().getText())
                .isEqualTo("An diesem Tag hat das Team keine Termine.");
        robot.clickOn("#teamToday");
        // By id: rows at the same time may come back in another order.
        waitFor(5, () -> team().allRows().size() == 48 && row(noted).hasNote());
        waitUntilShown(5, () -> visibleTexts(), "Notiz vorhanden");
        assertThat(shown()).filteredOn(Appointment::hasNote).extracting(Appointment::id)
                .containsExactlyInAnyOrderElementsOf(NOTED);
    }

    /** Gives an appointment a note on the server, as the advisor's sync would. */
    private static void markNoted(long id) throws Exception {
        NOTED.add(id);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                + app.context().embeddedServer().dataDir().resolve("server.db"))) {
            c.createStatement().executeUpdate("UPDATE appointment SET has_note = 1 WHERE id = " + id);
        }
    }

    @Test
    void advisorsNoShowAndCustomerJoiningAppearLive() throws Exception {
        List<Appointment> open = advisor.appointments(LocalDate.now(app.context().zone())).stream()
                .filter(a -> a.status() == AppointmentStatus.SCHEDULED).toList();
        Appointment missed = open.stream().filter(a -> a.channel() != Channel.VIDEO).findFirst().orElseThrow();
        int noShowsBefore = team().summaryProperty().get().count(AppointmentStatus.NO_SHOW);

        advisor.changeStatus(missed.id(), new StatusChange(AppointmentStatus.NO_SHOW, NoShowReason.CUSTOMER_ABSENT));
        waitFor(5, () -> row(missed.id()).status() == AppointmentStatus.NO_SHOW);
        assertThat(team().summaryProperty().get().count(AppointmentStatus.NO_SHOW)).isEqualTo(noShowsBefore + 1);
        assertThat(robot.lookup("#teamCount-NO_SHOW").queryLabeled().getText())
                .isEqualTo("Nicht wahrgenommen: " + (noShowsBefore + 1));

        assertThat(robot.lookup("#teamWaiting").queryLabeled().getText()).isEqualTo("Niemand wartet");
        Appointment video = open.stream().filter(a -> a.channel() == Channel.VIDEO).findFirst().orElseThrow();
        // The page stays open for the rest of the test (the customer waits while it is).
        CustomerPage.open(video);
        waitFor(5, () -> robot.lookup("#teamWaiting").queryLabeled().getText()
                .matches("1 Kundin/Kunde wartet, am längsten seit 0:0\\d"));
        assertThat(row(video.id()).status()).isEqualTo(AppointmentStatus.CUSTOMER_WAITING);
        // The waiting time ticks without any new data from the server.
        String first = robot.lookup("#teamWaiting").queryLabeled().getText();
        waitFor(5, () -> !robot.lookup("#teamWaiting").queryLabeled().getText().equals(first));
        assertSummaryAgreesWithRows();
    }

    @Test
    void filtersAndSummaryAgreeWithTheRows() throws Exception {
        robot.interact(() -> team().advisorFilterProperty().set("Leyla Demir"));
        assertThat(shown()).hasSize(12).allSatisfy(a -> assertThat(a.advisorName()).isEqualTo("Leyla Demir"));
        assertThat(robot.lookup("#teamRowCount").queryLabeled().getText()).isEqualTo("12 von 48 Terminen");
        assertSummaryAgreesWithRows();

        robot.interact(() -> team().statusFilterProperty().set(AppointmentStatus.COMPLETED));
        assertThat(shown()).isNotEmpty().allSatisfy(a -> {
            assertThat(a.advisorName()).isEqualTo("Leyla Demir");
            assertThat(a.status()).isEqualTo(AppointmentStatus.COMPLETED);
        });
        assertSummaryAgreesWithRows();
        assertThat(robot.lookup("#teamNoShowRate").queryLabeled().getText().replace('\u00A0', ' '))
                .isEqualTo("Nicht-wahrgenommen-Quote: 0 %");

        robot.interact(() -> {
            team().showAll();
            team().channelFilterProperty().set(Channel.PHONE);
        });
        assertThat(shown()).isNotEmpty().allSatisfy(a -> assertThat(a.channel()).isEqualTo(Channel.PHONE));
        assertSummaryAgreesWithRows();

        Appointment any = team().allRows().get(17).appointment();
        robot.interact(() -> team().showAll());
        robot.clickOn("#teamSearch").write(any.customerNumber());
        waitFor(10, () -> shown().size() == 1);
        assertThat(shown().get(0).id()).isEqualTo(any.id());
        assertSummaryAgreesWithRows();
        robot.interact(() -> team().searchProperty().set("kein Treffer xyz"));
        assertThat(shown()).isEmpty();
        assertThat(robot.lookup(".placeholder .label").queryLabeled().getText())
                .isEqualTo("Kein Termin passt zu den Filtern.");
        assertSummaryAgreesWithRows();

        robot.clickOn("#teamResetFilters");
        assertThat(shown()).hasSize(48);
        assertSummaryAgreesWithRows();
    }

    @Test
    void clickingAColumnHeaderSortsTheRows() {
        robot.clickOn(robot.lookup(".column-header .label").lookup((Label l) -> l.getText().equals("Kundin/Kunde"))
                .<Node>query());
        assertThat(shown()).extracting(Appointment::customerName).isSortedAccordingTo(Collator.getInstance());
        robot.interact(() -> {
            table().getSortOrder().setAll(table().getColumns().get(0));
        });
        assertThat(shown()).extracting(Appointment::startsAt).isSorted();
    }

    @Test
    void csvExportOpensWithGermanColumnsAndUmlauts(@TempDir Path out) throws Exception {
        robot.interact(() -> team().advisorFilterProperty().set("Anna Becker"));
        List<Appointment> rows = shown();
        Path file = out.resolve("Teamliste.csv");

        assertThat(team().exportCsv(file).get(10, TimeUnit.SECONDS)).isEqualTo(12);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        List<String> lines = List.of(text.split("\r\n"));
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0).split(";", -1)).containsExactly("Datum", "Beginn geplant", "Ende geplant",
                "Beraterin/Berater", "Kundin/Kunde", "Kundennummer", "Kanal", "Status", "Grund", "Gespräch begonnen",
                "Gespräch beendet", "Dauer", "Notiz");
        for (int i = 0; i < rows.size(); i++) {
            Appointment a = rows.get(i);
            String[] fields = lines.get(i + 1).split(";", -1);
            assertThat(fields).hasSize(13);
            assertThat(fields[0]).matches("\\d{2}\\.\\d{2}\\.\\d{4}");
            assertThat(fields[1]).matches("\\d{2}:\\d{2}");
            assertThat(fields[3]).isEqualTo("Anna Becker");
            // Names with umlauts come back as they were (the demo's surnames include Müller, Öztürk, Krüger...).
            assertThat(fields[4]).isEqualTo(a.customerName());
            assertThat(fields[5]).isEqualTo(a.customerNumber());
            if (a.status() == AppointmentStatus.COMPLETED) {
                assertThat(fields[7]).isEqualTo("Erledigt");
                assertThat(fields[9]).matches("\\d{2}:\\d{2}:\\d{2}");
                assertThat(fields[11]).matches("0:\\d{2}:\\d{2}");
            }
            if (a.status() == AppointmentStatus.NO_SHOW) {
                assertThat(fields[7]).isEqualTo("Nicht wahrgenommen");
                assertThat(fields[8]).isEqualTo("Kundin/Kunde ist nicht erschienen");
            }
            assertThat(fields[12]).isEqualTo(a.hasNote() ? "Notiz vorhanden" : "");
        }
    }

    @Test
    void printoutPutsEveryRowOnA4Pages() throws Exception {
        long noted = shown().get(1).id();
        markNoted(noted);
        // The team hears of notes when it loads the day again.
        robot.interact(() -> team().nextDay());
        waitFor(5, () -> !team().loadingProperty().get() && team().allRows().isEmpty());
        robot.interact(() -> team().today());
        waitFor(5, () -> !team().loadingProperty().get() && team().allRows().size() == 48 && row(noted).hasNote());
        List<Appointment> rows = shown();
        TeamPrintout printout = new TeamPrintout(team().messages(), team().zone());
        // A4 portrait with 1.5 cm margins, in points.
        List<Node> pages = WaitForAsyncUtils.asyncFx(() -> printout.pages(team().dayProperty().get(), rows,
                team().summaryProperty().get(), 510, 756)).get(10, TimeUnit.SECONDS);
        assertThat(pages).hasSizeGreaterThan(1);
        List<String> texts = pages.stream().flatMap(p -> p.lookupAll(".label").stream())
                .map(n -> ((Labeled) n).getText()).toList();
        assertThat(texts).filteredOn(t -> t.startsWith("Team – ")).hasSize(pages.size());
        for (Appointment a : rows) {
            assertThat(texts).contains(a.customerNumber());
        }
        assertThat(texts).contains("Notiz vorhanden");
    }

    /** Each test starts from the same view: today, no filter, sorted by time. */
    @AfterEach
    void showTodayInTimeOrder() throws TimeoutException {
        robot.interact(() -> {
            team().showAll();
            table().getSortOrder().setAll(table().getColumns().get(0));
        });
        if (!team().dayProperty().get().equals(LocalDate.now(app.context().zone()))) {
            robot.clickOn("#teamToday");
        }
        waitFor(5, () -> !team().loadingProperty().get() && team().allRows().size() == 48);
    }

    private static void assertSummaryAgreesWithRows() {
        List<Appointment> rows = shown();
        TeamSummary summary = team().summaryProperty().get();
        assertThat(summary.total()).isEqualTo(rows.size());
        for (AppointmentStatus status : AppointmentStatus.values()) {
            long count = rows.stream().filter(a -> a.status() == status).count();
            assertThat(summary.count(status)).as("%s", status).isEqualTo((int) count);
            assertThat(robot.lookup("#teamCount-" + status.name()).queryLabeled().getText()).endsWith(": " + count);
        }
        long total = rows.stream().filter(a -> a.status() == AppointmentStatus.COMPLETED)
                .mapToLong(Appointment::durationSeconds).sum();
        assertThat(summary.totalConsultationTime().toSeconds()).isEqualTo(total);
        int barSum = 0;
        StackedBarChart<String, Number> chart = robot.lookup("#teamChart").query();
        for (var series : chart.getData()) {
            for (var bar : series.getData()) {
                barSum += bar.getYValue().intValue();
            }
        }
        assertThat(barSum).isEqualTo(rows.size());
    }

    private static List<Appointment> shown() {
        WaitForAsyncUtils.waitForFxEvents();
        return table().getItems().stream().map(TeamRow::appointment).toList();
    }

    private static Appointment row(long id) {
        return team().allRows().stream().map(TeamRow::appointment).filter(a -> a.id() == id).findFirst()
                .orElseThrow();
    }

    /** Every text the table shows right now: plain cell texts and the labels inside cells. */
    private static List<String> visibleTexts() {
        WaitForAsyncUtils.waitForFxEvents();
        Function<Node, String> text = n -> ((Labeled) n).getText();
        List<String> texts = new ArrayList<>();
        robot.lookup("#teamTable .table-cell").queryAll().stream().filter(Node::isVisible).map(text)
                .forEach(texts::add);
        robot.lookup("#teamTable .table-cell .label").queryAll().stream().filter(Node::isVisible).map(text)
                .forEach(texts::add);
        texts.removeIf(t -> t == null || t.isEmpty());
        return texts;
    }

}
