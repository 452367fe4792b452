package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoteChange;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import de.videoberatung.api.NotePushResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The note endpoints' rules and refusals, against a real demo server on loopback. */
class NotesApiTest {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"));
    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient advisor;
    static ApiClient colleague;
    static ApiClient lead;
    static Iterator<Appointment> appointments;

    @BeforeAll
    static void start() throws Exception {
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true)
                .demoTime(LocalTime.of(7, 0)).build()).start();
        // A second advisor who may log in: the demo seeds colleagues without passwords.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("server.db"));
             PreparedStatement ps = c.prepareStatement("UPDATE account SET password_hash = ? WHERE username = ?")) {
            ps.setString(1, new PasswordHasher(new SecureRandom(), 1000).hash("kollege"));
            ps.setString(2, "j.hoffmann");
            ps.executeUpdate();
        }
        advisor = login("demo.berater", "demo");
        colleague = login("j.hoffmann", "kollege");
        lead = login("demo.teamleitung", "demo");
        appointments = advisor.appointments(TODAY).iterator();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pushCreatesANoteThatPullReturnsAndFlagsTheAppointment() throws Exception {
        Appointment a = appointments.next();
        NoteMutation create = mutation(UUID.randomUUID().toString(), a.id(), 0, "Erstgespräch geführt.");
        NotePushResult result = push(advisor, create);

        assertThat(result.results()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(NotePushResult.Kind.APPLIED);
            assertThat(r.note().revision()).isEqualTo(1);
            assertThat(r.note().customerNumber()).isEqualTo(a.customerNumber());
        });
        NotePage page = advisor.pullNotes(0, NotePage.MAX_LIMIT);
        assertThat(page.notes()).anySatisfy(n -> assertThat(n.id()).isEqualTo(create.noteId()));
        assertThat(advisor.pullNotes(page.cursor(), 10).notes()).isEmpty();
        assertThat(advisor.appointments(TODAY)).filteredOn(x -> x.id() == a.id())
                .singleElement().satisfies(x -> assertThat(x.hasNote()).isTrue());
    }

    @Test
    void pullPagesWithCursorAndMore() throws Exception {
        Appointment a = appointments.next();
        for (int i = 0; i < 5; i++) {
            push(advisor, mutation(UUID.randomUUID().toString(), a.id(), 0, "Notiz " + i));
        }
        long cursor = 0;
        int seen = 0;
        NotePage page;
        do {
            page = advisor.pullNotes(cursor, 2);
            assertThat(page.notes()).hasSizeLessThanOrEqualTo(2);
            assertThat(page.notes()).extracting(n -> n.seq()).isSorted().allSatisfy(s -> assertThat(s).isGreaterThan(0));
            seen += page.notes().size();
            cursor = page.cursor();
        } while (page.more());
        assertThat(seen).isGreaterThanOrEqualTo(5);
    }

    @Test
    void staleEditFromAnotherDeviceKeepsBothVersionsFlagged() throws Exception {
        Appointment a = appointments.next();
        String noteId = UUID.randomUUID().toString();
        push(advisor, "device-1", mutation(noteId, a.id(), 0, "Stand 1"));
        push(advisor, "device-1", mutation(noteId, a.id(), 1, "Stand 2 von Gerät 1"));
        NotePushResult stale = push(advisor, "device-2", mutation(noteId, a.id(), 1, "Stand 2 von Gerät 2"));

        assertThat(stale.results().get(0).kind()).isEqualTo(NotePushResult.Kind.CONFLICT);
        var note = stale.results().get(0).note();
        assertThat(note.inConflict()).isTrue();
        assertThat(note.content().text()).isEqualTo("Stand 2 von Gerät 1");
        assertThat(note.conflicts()).extracting(v -> v.content().text()).containsExactly("Stand 2 von Gerät 2");

        NoteMutation resolve = new NoteMutation(UUID.randomUUID().toString(), noteId, a.id(), null, note.revision(),
                content("Zusammengeführt"), false, false, true, Instant.now());
        var resolved = push(advisor, "device-2", resolve).results().get(0).note();
        assertThat(resolved.inConflict()).isFalse();
        assertThat(resolved.content().text()).isEqualTo("Zusammengeführt");
        assertThat(advisor.noteHistory(noteId)).extracting(NoteChange::action)
                .containsExactly("CREATED", "UPDATED", "CONFLICT", "RESOLVED");
    }

    @Test
    void finalisedNoteRefusesChangesWith409AndKeepsAnAuditTrail() throws Exception {
        Appointment a = appointments.next();
        String noteId = UUID.randomUUID().toString();
        push(advisor, mutation(noteId, a.id(), 0, "Ergebnis festgehalten"));
        push(advisor, new NoteMutation(UUID.randomUUID().toString(), noteId, a.id(), null, 1,
                content("Ergebnis festgehalten"), true, false, false, Instant.now()));

        assertRefused(() -> push(advisor, mutation(noteId, a.id(), 2, "Nachträglich geändert")), 409,
                "NOTE_FINALISED");
        List<NoteChange> history = advisor.noteHistory(noteId);
        assertThat(history).extracting(NoteChange::action).containsExactly("CREATED", "FINALISED");
        assertThat(history).allSatisfy(c -> {
            assertThat(c.accountName()).isEqualTo("Anna Becker");
            assertThat(c.at()).isNotNull();
        });
        assertThat(history.get(0).fields()).containsExactly("text");

        // A correction is a new note linked to the finalised one.
        NoteMutation correction = new NoteMutation(UUID.randomUUID().toString(), UUID.randomUUID().toString(), a.id(),
                noteId, 0, content("Korrektur: Termin war am Vormittag"), false, false, false, Instant.now());
        assertThat(push(advisor, correction).results().get(0).note().correctsNoteId()).isEqualTo(noteId);
    }

    @Test
    void deletionLeavesATombstoneWithoutText() throws Exception {
        Appointment a = appointments.next();
        String noteId = UUID.randomUUID().toString();
        push(advisor, mutation(noteId, a.id(), 0, "Versehentlich angelegt"));
        var tombstone = push(advisor, new NoteMutation(UUID.randomUUID().toString(), noteId, a.id(), null, 1,
                content("Versehentlich angelegt"), false, true, false, Instant.now())).results().get(0).note();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.content()).isNull();
        assertThat(advisor.pullNotes(0, NotePage.MAX_LIMIT).notes()).filteredOn(n -> n.id().equals(noteId))
                .singleElement().satisfies(n -> assertThat(n.content()).isNull());
        assertThat(advisor.appointments(TODAY)).filteredOn(x -> x.id() == a.id())
                .singleElement().satisfies(x -> assertThat(x.hasNote()).isFalse());
    }

    @Test
    void oversizedTextIsRefusedWith400() {
        Appointment a = appointments.next();
        String tooLong = "x".repeat(NoteContent.MAX_TEXT + 1);
        assertRefused(() -> push(advisor, mutation(UUID.randomUUID().toString(), a.id(), 0, tooLong)), 400,
                "TEXT_TOO_LONG");
    }

    @Test
    void invalidFollowUpDatesAreRefusedWith400() throws Exception {
        Appointment a = appointments.next();
        HttpResponse<String> notADate = raw("POST", "api/v1/notes/push", "{\"deviceId\":\"d\",\"mutations\":[{"
                + "\"mutationId\":\"m1\",\"noteId\":\"n1\",\"appointmentId\":" + a.id() + ",\"baseRevision\":0,"
                + "\"content\":{\"text\":\"x\",\"followUp\":\"2025-02-30\"}}]}", advisor);
        assertThat(notADate.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(notADate.body()).get("error").asText()).isEqualTo("INVALID_DATE");

        NoteMutation inThePast = new NoteMutation(UUID.randomUUID().toString(), UUID.randomUUID().toString(), a.id(),
                null, 0, new NoteContent("x", "", "", "", TODAY.minusDays(3)), false, false, false, Instant.now());
        assertRefused(() -> push(advisor, inThePast), 400, "INVALID_DATE");
        NoteMutation tooFar = new NoteMutation(UUID.randomUUID().toString(), UUID.randomUUID().toString(), a.id(),
                null, 0, new NoteContent("x", "", "", "", TODAY.plusYears(10)), false, false, false, Instant.now());
        assertRefused(() -> push(advisor, tooFar), 400, "INVALID_DATE");
    }

    @Test
    void unknownAppointmentIsRefusedWith404AndNothingOfTheBatchIsApplied() {
        Appointment a = appointments.next();
        String good = UUID.randomUUID().toString();
        assertRefused(() -> advisor.pushNotes(new NotePush("d", List.of(mutation(good, a.id(), 0, "gut"),
                mutation(UUID.randomUUID().toString(), 999_999, 0, "ins Leere")))), 404, "UNKNOWN_APPOINTMENT");
        assertRefused(() -> advisor.noteHistory(good), 404, "UNKNOWN_NOTE");
    }

    @Test
    void anotherAdvisorsNoteAndAppointmentLookMissing() throws Exception {
        Appointment a = appointments.next();
        String noteId = UUID.randomUUID().toString();
        push(advisor, mutation(noteId, a.id(), 0, "Nur für Anna Becker"));

        assertRefused(() -> push(colleague, mutation(noteId, a.id(), 1, "überschrieben")), 404, "UNKNOWN_NOTE");
        assertRefused(() -> push(colleague, mutation(UUID.randomUUID().toString(), a.id(), 0, "fremd")), 404,
                "UNKNOWN_APPOINTMENT");
        assertRefused(() -> colleague.noteHistory(noteId), 404, "UNKNOWN_NOTE");
        assertThat(colleague.pullNotes(0, NotePage.MAX_LIMIT).notes()).noneMatch(n -> n.id().equals(noteId));
    }

    @Test
    void teamLeadGetsNoNoteText() throws Exception {
        Appointment a = appointments.next();
        String noteId = UUID.randomUUID().toString();
        push(advisor, mutation(noteId, a.id(), 0, "Vertraulicher Inhalt"));

        assertRefused(() -> lead.pullNotes(0, 10), 403, "FORBIDDEN");
        assertRefused(() -> lead.noteHistory(noteId), 403, "FORBIDDEN");
        assertRefused(() -> push(lead, mutation(UUID.randomUUID().toString(), a.id(), 0, "x")), 403, "FORBIDDEN");
        HttpResponse<String> team = raw("GET", "api/v1/team/appointments?date=" + TODAY, null, lead);
        assertThat(team.body()).doesNotContain("Vertraulicher Inhalt").contains("\"hasNote\":true");
    }

    @Test
    void badCursorOrLimitIsRefusedWith400() throws Exception {
        assertThat(raw("GET", "api/v1/notes/pull?since=abc", null, advisor).statusCode()).isEqualTo(400);
        assertThat(raw("GET", "api/v1/notes/pull?since=0&limit=0", null, advisor).statusCode()).isEqualTo(400);
        assertThat(raw("GET", "api/v1/notes/pull?since=0&limit=100000", null, advisor).statusCode()).isEqualTo(400);
    }

    // ---- helpers ----

    static final Map<ApiClient, String> TOKENS = new HashMap<>();

    static ApiClient login(String user, String password) throws ApiException {
        ApiClient client = new ApiClient(server.baseUri());
        TOKENS.put(client, client.login(user, password).token());
        return client;
    }

    static NoteContent content(String text) {
        return new NoteContent(text, "", "", "", null);
    }

    static NoteMutation mutation(String noteId, long appointmentId, long base, String text) {
        return new NoteMutation(UUID.randomUUID().toString(), noteId, appointmentId, null, base, content(text), false,
                false, false, Instant.now());
    }

    static NotePushResult push(ApiClient client, NoteMutation m) throws ApiException {
        return push(client, "device-test", m);
    }

    static NotePushResult push(ApiClient client, String device, NoteMutation m) throws ApiException {
        return client.pushNotes(new NotePush(device, List.of(m)));
    }

    interface Call {
        Object run() throws Exception;
    }

    static void assertRefused(Call call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    static HttpResponse<String> raw(String method, String path, String body, ApiClient as) throws Exception {
        String token = TOKENS.get(as);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
