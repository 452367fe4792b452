package de.videoberatung.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Files to import in tests, written as German Excel saves them (";" and CRLF). */
public final class ImportFiles {

    /** The German answer for the rejected row of {@link #csvWithARejectedRow}. */
    public static final String REJECTED_ROW =
            "Zeile 3: Die Kundennummer hat drei Ziffern, einen Buchstaben und sechs Ziffern, z. B. 123A456789.";

    private ImportFiles() {
    }

    /**
     * {@code termine.csv} in {@code dir}: "Gut Eins" (video, 22:00, 20 minutes on {@code day}) is valid, the second
     * row ("Schlecht Zwei", 22:30) has a customer number that is not one.
     */
    public static Path csvWithARejectedRow(Path dir, LocalDate day) throws IOException {
        String date = day.format(DateTimeFormatter.ofPattern("dd.MM.yyyy"));
        return Files.writeString(dir.resolve("termine.csv"), "Kundennummer;Name;E-Mail;Thema;Kanal;Datum;Beginn;Dauer\r\n"
                + "111A222333;Gut Eins;eins@example.org;Beratung;Video;" + date + ";22:00;20\r\n"
                + "1;Schlecht Zwei;zwei@example.org;Beratung;Video;" + date + ";22:30;20\r\n", StandardCharsets.UTF_8);
    }
}
