package de.videoberatung.teamlead;

import de.videoberatung.api.Appointment;
import de.videoberatung.i18n.Messages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The team list as a CSV file that German Excel opens as it is: UTF-8 with a byte order mark (else Excel
 * reads ANSI and breaks umlauts), semicolons (Excel's list separator in the German locale), CRLF line ends,
 * German dates and times. Fields are quoted as RFC 4180 says; text that Excel would run as a formula gets a
 * leading apostrophe (CSV injection: customer names come from outside).
 */
public final class TeamCsv {

    static final char BOM = '\uFEFF';
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final List<String> COLUMNS = List.of("date", "start", "end", "advisor", "customer", "customerNumber",
            "channel", "status", "noShowReason", "callStarted", "callEnded", "duration", "note");

    private final Messages messages;
    private final ZoneId zone;

    public TeamCsv(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.zone = zone;
    }

    /** Writes {@code rows} to {@code file}, replacing it only once the whole file is written. */
    public void write(List<Appointment> rows, Path file) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".teamliste", ".csv");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                write(rows, out);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    void write(List<Appointment> rows, Writer out) throws IOException {
        out.write(BOM);
        line(out, COLUMNS.stream().map(c -> messages.get("teamlead.csv." + c)).toList());
        for (Appointment a : rows) {
            line(out, List.of(
                    DATE.format(a.startsAt().atZone(zone)),
                    TIME.format(a.startsAt().atZone(zone)),
                    TIME.format(a.endsAt().atZone(zone)),
                    text(a.advisorName()),
                    text(a.customerName()),
                    text(a.customerNumber()),
                    messages.label("channel", a.channel()),
                    messages.label("status", a.status()),
                    messages.label("noShowReason", a.noShowReason()),
                    time(a.callStartedAt()),
                    time(a.callEndedAt()),
                    a.durationSeconds() == null ? "" : hms(Duration.ofSeconds(a.durationSeconds())),
                    a.hasNote() ? messages.get("teamlead.hasNote") : ""));
        }
    }

    private String time(Instant instant) {
        return instant == null ? "" : TIME_SECONDS.format(instant.atZone(zone));
    }

    /** "0:25:30": Excel reads it as a duration that can be summed. */
    private static String hms(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    private static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        // Formula starters, DDE's pipe, the full-width equals sign, and any leading white space (spreadsheets
        // skip it before they look for a formula): shown as text by a leading apostrophe.
        boolean risky = "=+-@|\uFF1D\uFF0B\uFF0D\uFF20".indexOf(first) >= 0 || Character.isWhitespace(first)
                || Character.isSpaceChar(first);
        return risky ? "'" + value : value;
    }

    private static void line(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(';');
            }
            out.write(quoted(fields.get(i)));
        }
        out.write("\r\n");
    }

    static String quoted(String field) {
        if (field.indexOf(';') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
