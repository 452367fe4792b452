package de.videoberatung.teamlead;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.i18n.Messages;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * The team list laid out for paper: a heading with the day and its figures on every page, then a plain grid
 * of the rows (black on white, no colours that a grey printer loses). Built as nodes for
 * {@link javafx.print.PrinterJob#printPage}.
 */
final class TeamPrintout {

    static final double ROW_HEIGHT = 15;
    private static final double HEADER_HEIGHT = 70;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final Font BODY = Font.font("System", 9);
    private static final Font BOLD = Font.font("System", FontWeight.BOLD, 9);
    /** Share of the page width per column. */
    private static final double[] WIDTHS = {0.07, 0.16, 0.2, 0.13, 0.09, 0.16, 0.08, 0.11};

    private final Messages messages;
    private final ZoneId zone;

    TeamPrintout(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.zone = zone;
    }

    /** The pages for {@code rows}, each {@code width} × {@code height} points. At least one page. */
    List<Node> pages(LocalDate day, List<Appointment> rows, TeamSummary summary, double width, double height) {
        int perPage = Math.max(1, (int) ((height - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
        int pageCount = Math.max(1, (rows.size() + perPage - 1) / perPage);
        List<Node> pages = new ArrayList<>();
        for (int p = 0; p < pageCount; p++) {
            List<Appointment> part = rows.subList(p * perPage, Math.min(rows.size(), (p + 1) * perPage));
            VBox page = new VBox(6, heading(day, summary, p + 1, pageCount), grid(part, width));
            page.setPrefSize(width, height);
            page.setMaxSize(width, height);
            pages.add(page);
        }
        return pages;
    }

    private VBox heading(LocalDate day, TeamSummary s, int page, int pages) {
        DateTimeFormatter longDate = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(messages.locale());
        Label title = new Label(messages.get("teamlead.title", longDate.format(day)));
        title.setFont(Font.font("System", FontWeight.BOLD, 14));
        StringBuilder counts = new StringBuilder(messages.get("teamlead.summary.count", s.total()));
        for (AppointmentStatus status : AppointmentStatus.values()) {
            counts.append("  ·  ").append(messages.get("teamlead.summary.status", messages.label("status", status),
                    s.count(status)));
        }
        Label figures = text(counts.toString(), BODY);
        Label times = text(messages.get("teamlead.print.figures", TeamFormat.rate(s.noShowRate()),
                TeamFormat.duration(s.averageConsultationTime()), TeamFormat.duration(s.totalConsultationTime()),
                page, pages), BODY);
        return new VBox(2, title, figures, times);
    }

    private GridPane grid(List<Appointment> rows, double width) {
        GridPane grid = new GridPane();
        grid.setHgap(4);
        for (double share : WIDTHS) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPrefWidth(width * share - 4);
            c.setMaxWidth(width * share - 4);
            grid.getColumnConstraints().add(c);
        }
        String[] headers = {"time", "advisor", "customer", "customerNumber", "channel", "status", "duration", "note"};
        for (int c = 0; c < headers.length; c++) {
            grid.add(text(messages.get("teamlead.column." + headers[c]), BOLD), c, 0);
        }
        int r = 1;
        for (Appointment a : rows) {
            String[] cells = {TIME.format(a.startsAt().atZone(zone)), a.advisorName(), a.customerName(),
                    a.customerNumber(), messages.label("channel", a.channel()), messages.label("status", a.status()),
                    a.durationSeconds() == null ? "" : TeamFormat.duration(Duration.ofSeconds(a.durationSeconds())),
                    a.hasNote() ? messages.get("teamlead.hasNote") : ""};
            for (int c = 0; c < cells.length; c++) {
                grid.add(text(cells[c], BODY), c, r);
            }
            r++;
        }
        return grid;
    }

    private static Label text(String value, Font font) {
        Label label = new Label(value);
        label.setFont(font);
        // Printed nodes are not in a scene, so no style sheet applies: black text on the white paper.
        label.setTextFill(Color.BLACK);
        label.setMinHeight(ROW_HEIGHT - 2);
        return label;
    }
}
