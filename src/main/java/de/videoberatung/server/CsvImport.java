package de.videoberatung.server;

import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Channel;
import de.videoberatung.api.ImportResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as German Excel saves it: {@code ;} between fields, quoted fields where needed, UTF-8 (with or
 * without a byte order mark) or windows-1252, dates {@code dd.MM.yyyy}, times {@code HH:mm}. The first line
 * names the columns (docs/appointments.md; case does not matter, the API's field names work too).
 */
final class CsvImport {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d.M.uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Each column and the headers it is recognised by (lower case). */
    private enum Column {
        ID(true, "termin-id", "terminid", "id", "externalid"),
        CUSTOMER_NUMBER(false, "kundennummer", "kd-nr", "kdnr", "customernumber"),
        NAME(false, "name", "kunde", "kundin/kunde", "customername"),
        EMAIL(true, "e-mail", "email", "customeremail"),
        PHONE(true, "mobil", "mobilnummer", "telefon", "customerphone"),
        LANGUAGE(true, "sprache", "customerlanguage"),
        TOPIC(false, "thema", "anliegen", "topic"),
        CHANNEL(false, "kanal", "channel"),
        DATE(false, "datum", "date"),
        START(false, "beginn", "start", "von"),
        END(true, "ende", "bis", "end"),
        LENGTH(true, "dauer", "dauer (min)", "minuten", "length"),
        STATUS(true, "status");

        final boolean optional;
        final List<String> headers;

        Column(boolean optional, String... headers) {
            this.optional = optional;
            this.headers = List.of(headers);
        }
    }

    private CsvImport() {
    }

    static AppointmentImport.Parsed parse(byte[] body, String charset, ZoneId zone) {
        String text = decode(body, charset);
        String firstLine = text.lines().findFirst().orElse("");
        // Excel writes ';' in a German locale; a file from elsewhere may use ','.
        char delimiter = firstLine.indexOf(';') < 0 && firstLine.indexOf(',') >= 0 ? ',' : ';';
        CSVFormat format = CSVFormat.Builder.create(CSVFormat.EXCEL).setDelimiter(delimiter).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        List<AppointmentImport.Entry> entries = new ArrayList<>();
        List<ImportResult.Rejected> rejected = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            Map<Column, Integer> columns = null;
            for (CSVRecord row : parser) {
                if (columns == null) {
                    columns = header(row, rejected);
                    if (columns == null) {
                        break;
                    }
                    continue;
                }
                String where = "Zeile " + parser.getCurrentLineNumber();
                try {
                    entries.add(entry(row, columns, where, zone));
                } catch (RowProblem e) {
                    rejected.add(new ImportResult.Rejected(where, e.getMessage(), e.code));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Commons CSV reports an unterminated quote and the like as an I/O problem of its reader.
            rejected.add(new ImportResult.Rejected("Datei", "CSV unreadable: " + e.getMessage(), "MALFORMED_CSV"));
        }
        return new AppointmentImport.Parsed(entries, rejected);
    }

    private static Map<Column, Integer> header(CSVRecord row, List<ImportResult.Rejected> rejected) {
        Map<Column, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            String name = row.get(i).toLowerCase(Locale.GERMAN).strip();
            for (Column c : Column.values()) {
                if (c.headers.contains(name)) {
                    columns.putIfAbsent(c, i);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (!c.optional && !columns.containsKey(c)) {
                missing.add(c.headers.get(0));
            }
        }
        if (!columns.containsKey(Column.END) && !columns.containsKey(Column.LENGTH)) {
            missing.add("ende/dauer");
        }
        if (!missing.isEmpty()) {
            rejected.add(new ImportResult.Rejected("Zeile 1", "Missing columns: " + String.join(", ", missing),
                    "MISSING_COLUMN"));
            return null;
        }
        return columns;
    }

    private static AppointmentImport.Entry entry(CSVRecord row, Map<Column, Integer> columns, String where,
                                                 ZoneId zone) throws RowProblem {
        LocalDate date = date(value(row, columns, Column.DATE));
        LocalTime start = time(value(row, columns, Column.START), "start");
        LocalTime end;
        String endText = value(row, columns, Column.END);
        if (endText != null) {
            end = time(endText, "end");
        } else {
            String length = value(row, columns, Column.LENGTH);
            try {
                end = start.plusMinutes(Long.parseLong(length == null ? "" : length.strip()));
            } catch (NumberFormatException e) {
                throw new RowProblem("INVALID_LENGTH", "Not a length in minutes: " + length);
            }
        }
        String channelText = value(row, columns, Column.CHANNEL);
        Channel channel = AppointmentImport.channel(channelText);
        if (channel == null && channelText != null) {
            throw new RowProblem("INVALID_CHANNEL", "Unknown channel (Video, Telefon, Vor Ort)");
        }
        String number = value(row, columns, Column.CUSTOMER_NUMBER);
        Instant startsAt = date.atTime(start).atZone(zone).toInstant();
        Instant endsAt = date.atTime(end).atZone(zone).toInstant();
        String id = value(row, columns, Column.ID);
        // Without an id column a row is known again by its customer and start: the same file twice changes nothing.
        String externalId = id != null ? "csv:" + id : "csv:" + number + "@" + startsAt;
        String status = value(row, columns, Column.STATUS);
        boolean cancelled = status != null && List.of("abgesagt", "storniert", "cancelled")
                .contains(status.toLowerCase(Locale.GERMAN));
        AppointmentDraft draft = new AppointmentDraft(null, value(row, columns, Column.NAME), number,
                value(row, columns, Column.EMAIL), value(row, columns, Column.PHONE),
                AppointmentImport.language(value(row, columns, Column.LANGUAGE)), value(row, columns, Column.TOPIC),
                channel, startsAt, endsAt, externalId, null);
        return new AppointmentImport.Entry(where, draft, cancelled);
    }

    private static LocalDate date(String text) throws RowProblem {
        try {
            return LocalDate.parse(required(text, "INVALID_DATE", "date (dd.MM.yyyy)"), DATE);
        } catch (DateTimeException e) {
            throw new RowProblem("INVALID_DATE", "Not a date (dd.MM.yyyy): " + text);
        }
    }

    private static LocalTime time(String text, String what) throws RowProblem {
        try {
            return LocalTime.parse(required(text, "INVALID_TIME", what + " (HH:mm)"), TIME);
        } catch (DateTimeException e) {
            throw new RowProblem("INVALID_TIME", "Not a time (HH:mm) for " + what + ": " + text);
        }
    }

    private static String required(String text, String code, String what) throws RowProblem {
        if (text == null) {
            throw new RowProblem(code, "Missing " + what);
        }
        return text.strip();
    }

    private static String value(CSVRecord row, Map<Column, Integer> columns, Column column) {
        Integer index = columns.get(column);
        if (index == null || index >= row.size()) {
            return null;
        }
        String v = row.get(index);
        return v == null || v.isBlank() ? null : v;
    }

    /** UTF-8 if it says so (BOM, charset) or decodes cleanly; otherwise what Excel writes in Germany. */
    private static String decode(byte[] body, String charset) {
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        }
        if (charset != null) {
            try {
                return new String(body, Charset.forName(charset));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw ApiProblem.badRequest("INVALID_CHARSET", "Unknown charset " + charset);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new String(body, WINDOWS_1252);
        }
    }

    /** A row that is no appointment, with the code the app explains. */
    private static final class RowProblem extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        RowProblem(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
