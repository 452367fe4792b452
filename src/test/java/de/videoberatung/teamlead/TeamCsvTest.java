package de.videoberatung.teamlead;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.i18n.Messages;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV file as German Excel reads it: BOM, semicolons, CRLF, quoting, German dates, no formulas. */
class TeamCsvTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final TeamCsv csv = new TeamCsv(Messages.german(), BERLIN);

    @Test
    void completedConsultationReadsInGermanFormats() throws Exception {
        Instant start = Instant.parse("2024-03-05T08:30:00Z");
        Appointment a = appointment("Jürgen Öztürk", AppointmentStatus.COMPLETED, null, start.plusSeconds(70),
                start.plusSeconds(70 + 1530), 1530L, true);

        List<String> lines = lines(List.of(a));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("05.03.2024;09:30;10:00;Anna Becker;Jürgen Öztürk;123A456789;Video;"
                + "Erledigt;;09:31:10;09:56:40;0:25:30;Notiz vorhanden");
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuotedAndFormulasDefused() throws Exception {
        Appointment a = appointment("Meyer; \"Hans\"\nJunior", AppointmentStatus.NO_SHOW,
                NoShowReason.OUR_TECHNICAL, null, null, null, false);
        Appointment formula = appointment("=HYPERLINK(\"http://x\")", AppointmentStatus.SCHEDULED, null, null, null,
                null, false);

        StringWriter out = new StringWriter();
        csv.write(List.of(a, formula), out);
        String text = out.toString();

        assertThat(text).contains(";\"Meyer; \"\"Hans\"\"\nJunior\";");
        assertThat(text).contains(";Nicht wahrgenommen;Technisches Problem bei uns;;;;\r\n");
        assertThat(text).contains(";\"'=HYPERLINK(\"\"http://x\"\")\";");
        assertThat(TeamCsv.quoted("plain")).isEqualTo("plain");
    }

    @Test
    void valuesBeginningWithWhiteSpaceOrAPipeAreDefusedToo() throws Exception {
        List<String> risky = List.of(" =1+1", "\t=1+1", "\n=SUM(A1)", "\u00A0=1", "|calc!A0", "\uFF1D1+1");
        StringWriter out = new StringWriter();
        csv.write(risky.stream().map(name -> appointment(name, AppointmentStatus.SCHEDULED, null, null, null, null,
                false)).toList(), out);
        List<String> fields = List.of(out.toString().split("[;\r]"));
        for (String name : risky) {
            String expected = TeamCsv.quoted("'" + name);
            assertThat(fields).as("field for %s", name.strip()).anySatisfy(f -> assertThat(f).isEqualTo(expected));
        }
        // Ordinary names, also with inner spaces and hyphens, stay as they are.
        StringWriter plain = new StringWriter();
        csv.write(List.of(appointment("Müller-Lüdenscheidt, Anna Maria", AppointmentStatus.SCHEDULED, null, null,
                null, null, false)), plain);
        assertThat(plain.toString()).contains(";" + TeamCsv.quoted("Müller-Lüdenscheidt, Anna Maria") + ";")
                .doesNotContain("'Müller");
    }

    @Test
    void fileStartsWithTheByteOrderMarkAndReplacesAnOldExport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Teamliste.csv");
        Files.writeString(file, "alter Stand");
        csv.write(List.of(), file);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("alter Stand")
                .contains("Gespräch begonnen").endsWith("\r\n");
        assertThat(Files.list(dir)).containsExactly(file);
    }

    private List<String> lines(List<Appointment> rows) throws Exception {
        StringWriter out = new StringWriter();
        csv.write(rows, out);
        assertThat(out.toString()).startsWith(String.valueOf(TeamCsv.BOM));
        return List.of(out.toString().substring(1).split("\r\n"));
    }

    static Appointment appointment(String customer, AppointmentStatus status, NoShowReason reason, Instant started,
                                   Instant ended, Long seconds, boolean note) {
        Instant start = Instant.parse("2024-03-05T08:30:00Z");
        return new Appointment(1, 2, "Anna Becker", customer, "123A456789", null, null, Channel.VIDEO, start,
                start.plusSeconds(1800), status, reason, null, null, null, started, ended, seconds, note, start);
    }
}
