package de.videoberatung.queue;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import de.videoberatung.testsupport.ImportFiles;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.ModelThread;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Neuer Termin", "Verschieben" and "Importieren…" as the advisor uses them, without a window: German errors per
 * field from the server's 400, the overlap question and "Trotzdem anlegen", the rejected rows of an import.
 */
class AppointmentFormModelTest {

    @TempDir
    Path dir;
    LoopbackSession session;
    ModelThread fx;
    QueueModel queue;
    final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openTheDay() throws Exception {
        session = LoopbackSession.start(dir, "demo.berater", LocalTime.of(7, 0));
        fx = new ModelThread();
        queue = session.ownQueue(fx, notices::add);
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
        session.close();
    }

    AppointmentFormModel filledForm(String start) {
        AppointmentFormModel form = fx.get(queue::newAppointmentForm);
        fx.run(() -> {
            form.customerNameProperty().set("Olga Wolff");
            form.customerNumberProperty().set("123a 456789");
            form.customerEmailProperty().set("olga.wolf@example.org");
            form.topicProperty().set("Folgegespräch");
            form.startProperty().set(start);
            form.lengthMinutesProperty().set(30);
        });
        return form;
    }

    @Test
    void aNewAppointmentIsSavedAndShownInTheQueue() {
        AppointmentFormModel form = filledForm("22:15");
        fx.run(form::submit);
        fx.until("saved", () -> form.savedProperty().get());
        fx.until("in the queue", () -> queue.allAppointments().stream()
                .anyMatch(a -> a.customerName().equals("Olga Wolff")));
        Appointment a = fx.get(() -> queue.allAppointments().stream()
                .filter(x -> x.customerName().equals("Olga Wolff")).findFirst().orElseThrow());
        assertThat(LocalDateTime.ofInstant(a.startsAt(), LoopbackSession.ZONE).toLocalTime())
                .isEqualTo(LocalTime.of(22, 15));
        assertThat(a.customerNumber()).isEqualTo("123A456789");
        assertThat(a.channel()).isEqualTo(Channel.VIDEO);
        assertThat(notices).anyMatch(n -> n.startsWith("Der Termin mit Olga Wolff am"));
    }

    @Test
    void theServersFieldErrorsShowInGermanAtTheirFields() {
        AppointmentFormModel form = filledForm("22:15");
        fx.run(() -> {
            form.customerNumberProperty().set("12345");
            form.customerEmailProperty().set("olga@");
            form.channelProperty().set(Channel.PHONE);
        });
        fx.run(form::submit);
        fx.until("errors shown", () -> form.errors().size() == 3);
        assertThat(fx.get(() -> form.errors().get("customerNumber")))
                .isEqualTo("Die Kundennummer hat drei Ziffern, einen Buchstaben und sechs Ziffern, z. B. 123A456789.");
        assertThat(fx.get(() -> form.errors().get("customerEmail"))).isEqualTo("Das ist keine gültige E-Mail-Adresse.");
        assertThat(fx.get(() -> form.errors().get("customerPhone")))
                .isEqualTo("Für einen Telefontermin wird eine Telefonnummer gebraucht.");
        assertThat(fx.get(() -> form.savedProperty().get())).isFalse();

        fx.run(() -> form.startProperty().set("25:99"));
        fx.run(form::submit);
        assertThat(fx.get(() -> form.errors().get("startsAt"))).isEqualTo("Keine gültige Uhrzeit (HH:MM).");
    }

    @Test
    void anOverlapAsksAndTrotzdemAnlegenBooksIt() {
        Appointment booked = fx.get(() -> queue.allAppointments().get(0));
        String start = LocalDateTime.ofInstant(booked.startsAt(), LoopbackSession.ZONE).toLocalTime().toString();
        AppointmentFormModel form = filledForm(start);
        fx.run(form::submit);
        fx.until("the question", () -> form.overlapQuestionProperty().get() != null);
        assertThat(fx.get(() -> form.overlapQuestionProperty().get())).startsWith("Von " + start + " bis ")
                .endsWith("Möchten Sie den Termin trotzdem anlegen?");
        fx.run(form::confirmOverlap);
        fx.until("saved", () -> form.savedProperty().get());
        fx.until("both in the queue", () -> queue.allAppointments().stream()
                .filter(a -> a.startsAt().equals(booked.startsAt())).count() == 2);
    }

    @Test
    void verschiebenMovesItToAnotherDay() {
        Appointment a = fx.get(() -> queue.allAppointments().get(queue.allAppointments().size() - 1));
        AppointmentFormModel form = fx.get(() -> queue.editForm(a));
        assertThat(fx.get(() -> form.customerNameProperty().get())).isEqualTo(a.customerName());
        LocalDate tomorrow = LocalDate.now(LoopbackSession.ZONE).plusDays(1);
        fx.run(() -> form.dateProperty().set(tomorrow));
        fx.run(form::submit);
        fx.until("saved", () -> form.savedProperty().get());
        fx.until("gone from today", () -> queue.allAppointments().stream().noneMatch(x -> x.id() == a.id()));
        fx.run(queue::nextDay);
        fx.until("on tomorrow", () -> queue.allAppointments().stream().anyMatch(x -> x.id() == a.id()));
    }

    @Test
    void anImportShowsEachRejectedRowAndCanImportTheValidOnes() throws Exception {
        Path csv = ImportFiles.csvWithARejectedRow(dir, LocalDate.now(LoopbackSession.ZONE));
        AppointmentImportModel importing = fx.get(queue::importModel);
        fx.run(() -> importing.importFile(csv));
        fx.until("the answer", () -> !importing.busyProperty().get() && !importing.rejected().isEmpty());
        assertThat(fx.get(() -> List.copyOf(importing.rejected()))).containsExactly(
                ImportFiles.REJECTED_ROW);
        assertThat(fx.get(() -> importing.summaryProperty().get())).startsWith("Nichts importiert: 1 Einträge");
        assertThat(fx.get(() -> importing.offersValidOnlyProperty().get())).isTrue();
        fx.run(importing::importValidEntries);
        fx.until("imported", () -> !importing.busyProperty().get()
                && importing.summaryProperty().get().startsWith("1 Termine angelegt"));
        fx.until("in the queue", () -> queue.allAppointments().stream()
                .anyMatch(a -> a.customerName().equals("Gut Eins")));
    }
}
