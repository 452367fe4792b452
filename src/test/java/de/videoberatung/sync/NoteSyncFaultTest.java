package de.videoberatung.sync;

import static org.assertj.core.api.Assertions.assertThat;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.store.LocalNote;
import de.videoberatung.store.NoteTarget;
import de.videoberatung.testsupport.FaultProxy;
import de.videoberatung.testsupport.LoopbackSession;
import de.videoberatung.testsupport.Poll;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix: real SQLite files, a real server on loopback, faults from a proxy or from stopping
 * the server. Each case asserts that every character typed reaches the server after recovery, once.
 */
class NoteSyncFaultTest {

    static final Duration RECOVERY = Duration.ofSeconds(20);
    static final String TEXT = "Kundin sucht Teilzeit im Einzelhandel, hat Bewerbungen an drei Filialen geschickt. "
            + "Umlaute prüfen: äöüß – und ein Gedankenstrich. ";

    @TempDir
    static Path serverData;
    static ConsultationServer server;
    static ApiClient verifier;
    static Iterator<Appointment> appointments;
    static long advisorId;

    @TempDir
    Path dir;
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = LoopbackSession.demoServer(serverData, LocalTime.of(7, 0));
        verifier = new ApiClient(server.baseUri());
        advisorId = verifier.login("demo.berater", "demo").user().id();
        appointments = verifier.appointments(LocalDate.now(ZoneId.of("Europe/Berlin"))).iterator();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeDevices() throws Exception {
        server.start();
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void textWrittenWhileTheServerIsDownArrivesAfterItIsBack() throws Exception {
        Device device = device("a", server.baseUri(), Clock.systemUTC());
        NoteTarget note = device.newNote(appointments.next().id());
        server.stop();
        device.type(note, TEXT);
        assertThat(device.note(note.noteId()).state()).isEqualTo(LocalNote.SyncState.LOCAL);
        assertThat(device.notes.outboxSize()).isPositive();

        server.start();
        awaitServerText(note.noteId(), TEXT);
        Poll.until("synced locally", RECOVERY, () -> device.note(note.noteId()).state() == LocalNote.SyncState.SYNCED);
        assertThat(device.notes.outboxSize()).isZero();
        assertThat(onServer(note.noteId()).orElseThrow().inConflict()).isFalse();
    }

    @Test
    void replyLostAfterCommitIsRetriedWithoutApplyingTwice() throws Exception {
        FaultProxy proxy = proxy();
        Device device = device("a", proxy.uri(), Clock.systemUTC());
        NoteTarget note = device.newNote(appointments.next().id());
        proxy.cutNextReplyTo("POST /api/v1/notes/push");
        device.notes.save(note, content(TEXT));

        Poll.until("reply cut", RECOVERY, () -> proxy.cuts() == 1);
        awaitServerText(note.noteId(), TEXT);
        Poll.until("synced locally", RECOVERY, () -> device.note(note.noteId()).state() == LocalNote.SyncState.SYNCED);
        // The retry carried the same mutation id: still only the one revision that created the note.
        assertThat(verifier.noteHistory(note.noteId())).extracting(c -> c.action()).containsExactly("CREATED");

        // Lost again, and the advisor types on before the retry: the new state continues, no false conflict.
        proxy.cutNextReplyTo("POST /api/v1/notes/push");
        device.type(note, "Nachtrag nach Abbruch. ");
        device.type(note, "Noch ein Satz. ");
        Poll.until("second reply cut", RECOVERY, () -> proxy.cuts() == 2);
        String expected = TEXT + "Nachtrag nach Abbruch. Noch ein Satz. ";
        awaitServerText(note.noteId(), expected);
        Poll.until("synced locally", RECOVERY, () -> device.note(note.noteId()).state() == LocalNote.SyncState.SYNCED);
        assertThat(onServer(note.noteId()).orElseThrow().inConflict()).isFalse();
        assertThat(device.note(note.noteId()).content().text()).isEqualTo(expected);
    }

    @Test
    void theSameBatchDeliveredTwiceIsAppliedOnce() throws Exception {
        long appointment = appointments.next().id();
        var push = new NotePush("device-twice", List.of(
                new NoteMutation("m-twice-1", "n-twice-1", appointment, null, 0,
                        content("Erste Notiz. "), false, false, false, Instant.now()),
                new NoteMutation("m-twice-2", "n-twice-2", appointment, null, 0,
                        content("Zweite Notiz. "), false, false, false, Instant.now())));
        var first = verifier.pushNotes(push);
        var second = verifier.pushNotes(push);

        assertThat(second.results()).extracting(r -> r.kind()).containsExactlyElementsOf(
                first.results().stream().map(r -> r.kind()).toList());
        assertThat(second.results()).extracting(r -> r.note().revision()).containsExactly(1L, 1L);
        assertThat(verifier.noteHistory("n-twice-1")).hasSize(1);
        assertThat(verifier.noteHistory("n-twice-2")).hasSize(1);
        assertThat(onServer("n-twice-1").orElseThrow().content().text()).isEqualTo("Erste Notiz. ");
    }

    @Test
    void processKilledBetweenLocalWriteAndPushLosesNothingAfterRestart() throws Exception {
        long appointment = appointments.next().id();
        String noteId = "n-killed-" + System.nanoTime();
        String full = TEXT.repeat(20);
        Path textFile = Files.writeString(dir.resolve(noteId + ".txt"), full);
        // The child's sync engine points at a port nobody listens on: the push cannot happen before the kill.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NoteWriterProcess.class.getName(),
                dir.toString(), noteId, Long.toString(appointment), "http://127.0.0.1:9/", textFile.toString(),
                Long.toString(advisorId))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastSaved = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && lastSaved < 400) {
                if (line.startsWith("SAVED ")) {
                    lastSaved = Integer.parseInt(line.substring(6));
                }
            }
            // On Linux destroyForcibly is SIGKILL: no shutdown hooks, no flushing, the process is simply gone.
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(lastSaved).isGreaterThanOrEqualTo(400);

        Device restarted = device(dir, server.baseUri(), Clock.systemUTC());
        String local = restarted.note(noteId).content().text();
        assertThat(local.length()).isGreaterThanOrEqualTo(lastSaved);
        assertThat(full).startsWith(local);
        awaitServerText(noteId, local);
        // The server commits before its reply reaches the client, which only then clears its outbox.
        Poll.until("outbox cleared after the push", RECOVERY, () -> restarted.notes.outboxSize() == 0);
    }

    @Test
    void twoDevicesEditingTheSameNoteKeepBothTexts() throws Exception {
        Device a = device("a", server.baseUri(), Clock.systemUTC());
        Device b = device("b", server.baseUri(), Clock.systemUTC());
        NoteTarget note = a.newNote(appointments.next().id());
        a.type(note, "Gemeinsamer Anfang. ");
        awaitServerText(note.noteId(), "Gemeinsamer Anfang. ");
        b.sync.requestSync();
        awaitDeviceText(b, note.noteId(), "Gemeinsamer Anfang. ");

        server.stop();
        a.type(note, "Text von Gerät A. ");
        b.type(b.existing(note.noteId()), "Text von Gerät B. ");
        server.start();
        a.sync.requestSync();
        b.sync.requestSync();

        String textA = "Gemeinsamer Anfang. Text von Gerät A. ";
        String textB = "Gemeinsamer Anfang. Text von Gerät B. ";
        Poll.until("conflict on the server with both texts", RECOVERY, () -> onServer(note.noteId())
                .filter(NoteDto::inConflict)
                .map(n -> versions(n).containsAll(List.of(textA, textB))).orElse(false));
        // The device whose push came first may have pulled before the other's push made the conflict; in the
        // app the server's NotesChanged event makes it pull again, these devices have no event stream.
        a.sync.requestSync();
        b.sync.requestSync();
        Poll.until("both devices show the conflict", RECOVERY, () ->
                a.note(note.noteId()).state() == LocalNote.SyncState.CONFLICT
                        && b.note(note.noteId()).state() == LocalNote.SyncState.CONFLICT);
        LocalNote onA = a.note(note.noteId());
        assertThat(onA.content().text()).isEqualTo(textA);
        assertThat(onA.otherVersions()).extracting(NoteContent::text).containsExactly(textB);
        assertThat(b.note(note.noteId()).content().text()).isEqualTo(textB);

        // Device A merges; afterwards both devices and the server hold the merge, no longer in conflict.
        String merged = textA + "\n" + textB;
        a.notes.resolve(note.noteId(), content(merged));
        awaitServerText(note.noteId(), merged);
        assertThat(onServer(note.noteId()).orElseThrow().inConflict()).isFalse();
        b.sync.requestSync();
        Poll.until("merge on device b", RECOVERY, () -> b.note(note.noteId()).content().text().equals(merged)
                && b.note(note.noteId()).state() == LocalNote.SyncState.SYNCED);
    }

    @Test
    void clientClocksFarOffDoNotReorderEdits() throws Exception {
        Instant now = Instant.now();
        Device ahead = device("ahead", server.baseUri(), Clock.offset(Clock.systemUTC(), Duration.ofDays(3)));
        Device behind = device("behind", server.baseUri(), Clock.offset(Clock.systemUTC(), Duration.ofDays(-400)));
        NoteTarget note = ahead.newNote(appointments.next().id());
        ahead.type(note, "Erste Fassung vom Gerät mit vorgehender Uhr. ");
        awaitServerText(note.noteId(), "Erste Fassung vom Gerät mit vorgehender Uhr. ");
        behind.sync.requestSync();
        awaitDeviceText(behind, note.noteId(), "Erste Fassung vom Gerät mit vorgehender Uhr. ");

        // The later edit comes from the device whose clock says "last year": it still wins, by revision.
        String later = "Erste Fassung vom Gerät mit vorgehender Uhr. Spätere Ergänzung. ";
        behind.type(behind.existing(note.noteId()), "Spätere Ergänzung. ");
        awaitServerText(note.noteId(), later);
        ahead.sync.requestSync();
        Poll.until("later text on the early device", RECOVERY,
                () -> ahead.note(note.noteId()).content().text().equals(later));
        NoteDto onServer = onServer(note.noteId()).orElseThrow();
        assertThat(onServer.inConflict()).isFalse();
        assertThat(onServer.revision()).isGreaterThanOrEqualTo(2);
        // Times on the server are the server's own.
        assertThat(Duration.between(now, onServer.updatedAt()).abs()).isLessThan(Duration.ofMinutes(5));
    }

    @Test
    void finalisedNoteEditedOfflineOnASecondDeviceBecomesACorrection() throws Exception {
        FaultProxy proxy = proxy();
        Device a = device("a", server.baseUri(), Clock.systemUTC());
        Device b = device("b", proxy.uri(), Clock.systemUTC());
        NoteTarget note = a.newNote(appointments.next().id());
        a.type(note, "Abschließender Vermerk. ");
        awaitServerText(note.noteId(), "Abschließender Vermerk. ");
        b.sync.requestSync();
        // Device b's first sync may have fetched the note after a's first word only: wait for the whole text.
        awaitDeviceText(b, note.noteId(), "Abschließender Vermerk. ");

        proxy.setDown(true);
        a.notes.finalise(note.noteId());
        Poll.until("finalised on the server", RECOVERY,
                () -> onServer(note.noteId()).map(NoteDto::finalised).orElse(false));
        NoteTarget onB = b.existing(note.noteId());
        b.type(onB, "Nachtrag offline. ");
        String offlineText = "Abschließender Vermerk. Nachtrag offline. ";

        // The advisor's next save lands just as the sync turns the refused edit into a correction (the moment
        // the correction is announced): it is either kept, or refused because the note is read-only by then.
        AtomicReference<String> lastAccepted = new AtomicReference<>(offlineText);
        AtomicBoolean lateSaveTried = new AtomicBoolean();
        Runnable unsubscribe = b.notes.onChange(change -> {
            if (change.local() && !change.noteId().equals(note.noteId()) && !lateSaveTried.getAndSet(true)) {
                String withLateWord = offlineText + "Letztes Wort. ";
                try {
                    b.notes.save(onB, content(withLateWord));
                    lastAccepted.set(withLateWord);
                } catch (IllegalStateException readOnly) {
                    // The editor keeps the word on screen and shows the note as finalised.
                }
            }
        });
        opened.add(unsubscribe::run);
        proxy.setDown(false);
        b.sync.requestSync();

        Poll.until("correction on the server", RECOVERY, () -> serverNotes().stream()
                .anyMatch(n -> note.noteId().equals(n.correctsNoteId()) && n.content().text().equals(offlineText)));
        assertThat(lateSaveTried).isTrue();
        Poll.until("every accepted save on the server", RECOVERY, () -> serverNotes().stream()
                .anyMatch(n -> n.content() != null && n.content().text().equals(lastAccepted.get())));
        NoteDto original = onServer(note.noteId()).orElseThrow();
        assertThat(original.finalised()).isTrue();
        assertThat(original.content().text()).isEqualTo("Abschließender Vermerk. ");
        Poll.until("device b back on the finalised original", RECOVERY, () -> b.note(note.noteId()).finalised()
                && b.note(note.noteId()).content().text().equals("Abschließender Vermerk. "));
        Poll.until("device b's outbox empty", RECOVERY, () -> b.notes.outboxSize() == 0);
    }

    // ---- helpers ----

    Device device(String name, URI uri, Clock clock) throws Exception {
        return device(dir.resolve(name), uri, clock);
    }

    Device device(Path data, URI uri, Clock clock) throws Exception {
        Device d = new Device(data, uri, clock);
        opened.add(0, d);
        return d;
    }

    FaultProxy proxy() throws Exception {
        FaultProxy proxy = new FaultProxy(server.baseUri());
        opened.add(proxy);
        return proxy;
    }

    static NoteContent content(String text) {
        return new NoteContent(text, "", "", "", null);
    }

    static List<String> versions(NoteDto n) {
        List<String> texts = new ArrayList<>();
        texts.add(n.content().text());
        n.conflicts().forEach(v -> texts.add(v.content().text()));
        return texts;
    }

    /** Waits until the device holds the note with exactly this text, synced (not merely some older copy). */
    static void awaitDeviceText(Device device, String noteId, String text) {
        Poll.until("device holds the server's text", RECOVERY, () -> device.notes.byId(noteId)
                .map(n -> n.content().text().equals(text) && n.state() == LocalNote.SyncState.SYNCED).orElse(false));
    }

    static void awaitServerText(String noteId, String text) {
        Poll.until("server holds the typed text", RECOVERY,
                () -> onServer(noteId).map(n -> n.content() != null && n.content().text().equals(text)).orElse(false));
    }

    static Optional<NoteDto> onServer(String noteId) {
        return serverNotes().stream().filter(n -> n.id().equals(noteId)).findFirst();
    }

    static List<NoteDto> serverNotes() {
        try {
            List<NoteDto> all = new ArrayList<>();
            NotePage page;
            long cursor = 0;
            do {
                page = verifier.pullNotes(cursor, NotePage.MAX_LIMIT);
                all.addAll(page.notes());
                cursor = page.cursor();
            } while (page.more());
            return all;
        } catch (ApiException e) {
            // While the server is stopped on purpose, it holds nothing we can see.
            return List.of();
        }
    }
}
