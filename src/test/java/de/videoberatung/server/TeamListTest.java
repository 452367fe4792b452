package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoShowReason;
import de.videoberatung.api.Role;
import de.videoberatung.api.StatusChange;
import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.KeyFile;
import de.videoberatung.db.SqliteDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team list endpoint and the team leads' event stream, against a real demo server with a second team
 * added through the stores: each team lead sees all of their own team, nothing of another team, and no
 * note text, join link or other advisor-only field in any answer.
 */
class TeamListTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDate TODAY = LocalDate.now(BERLIN);
    /** The fields a team lead's appointment may carry with a value. */
    static final Set<String> TEAM_FIELDS = Set.of("id", "advisorId", "advisorName", "customerName", "customerNumber",
            "channel", "startsAt", "endsAt", "status", "noShowReason", "waitingSince", "callStartedAt",
            "callEndedAt", "durationSeconds", "hasNote", "updatedAt");
    static final HttpClient RAW = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient lead;
    static ApiClient advisor;
    static ApiClient otherLead;
    static ApiClient otherAdvisor;
    static long notedAppointment;

    @BeforeAll
    static void startServerWithTwoTeams() throws ApiException {
        ServerOptions options = ServerOptions.builder(data).demo(true).demoTime(LocalTime.of(7, 0)).build();
        server = ConsultationServer.create(options);
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("server.db"), "db/server")) {
            SecureRandom random = new SecureRandom();
            Tokens tokens = new Tokens(random);
            PasswordHasher hasher = new PasswordHasher(random, options.passwordIterations());
            AccountStore accounts = new AccountStore(db, tokens, options.clock());
            AppointmentStore appointments = new AppointmentStore(db, server::publicUrl,
                    FieldCipher.of(KeyFile.readOrCreate(data.resolve(ConsultationServer.JOIN_LINK_KEY), random), random));
            long team = accounts.createTeam("Team Süd");
            accounts.createAccount("tl.sued", "Petra Süd", Role.TEAM_LEAD, team, hasher.hash("sued"));
            long advisorId = accounts.createAccount("b.sued", "Bernd Süd", Role.ADVISOR, team, hasher.hash("sued"));
            for (int i = 0; i < 5; i++) {
                Instant start = TODAY.atTime(9 + i, 0).atZone(BERLIN).toInstant();
                appointments.insert(new NewAppointment(advisorId, team, "Zweitteam Kundin " + i, "999Z00000" + i,
                        "0441 1" + i, "Anliegen Süd", Channel.VIDEO, start, start.plusSeconds(1800)),
                        tokens.next(), Instant.now());
            }
            // Until the notes feature writes it, the flag is set the way the server stores it.
            notedAppointment = db.read(c -> {
                try (var ps = c.prepareStatement("UPDATE appointment SET has_note = 1 WHERE id = (SELECT MIN(id) "
                        + "FROM appointment WHERE team_id <> ?) RETURNING id")) {
                    ps.setLong(1, team);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        }
        server.start();
        lead = signIn("demo.teamleitung", "demo");
        advisor = signIn("demo.berater", "demo");
        otherLead = signIn("tl.sued", "sued");
        otherAdvisor = signIn("b.sued", "sued");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void teamLeadSeesEveryAppointmentOfTheTeamSortedByStart() throws Exception {
        List<Appointment> team = lead.teamAppointments(TODAY);

        assertThat(team).hasSize(48);
        assertThat(team).extracting(Appointment::advisorName).containsOnly("Anna Becker", "Jonas Hoffmann",
                "Leyla Demir", "Markus Schulte");
        assertThat(team).extracting(Appointment::startsAt).isSorted();
        assertThat(team).allSatisfy(a -> {
            assertThat(a.customerName()).isNotBlank();
            assertThat(a.customerNumber()).matches("\\d{3}[A-Z]\\d{6}");
            assertThat(a.channel()).isNotNull();
            assertThat(a.status()).isNotNull();
        });
        assertThat(team).filteredOn(Appointment::hasNote).extracting(Appointment::id)
                .containsExactly(notedAppointment);
        assertThat(lead.teamAppointments(TODAY.plusDays(1))).isEmpty();
    }

    @Test
    void actualStartEndAndDurationOfACompletedConsultation() throws Exception {
        Appointment a = advisor.appointments(TODAY).stream()
                .filter(x -> x.status() == AppointmentStatus.SCHEDULED && x.channel() == Channel.PHONE)
                .findFirst().orElseThrow();
        advisor.changeStatus(a.id(), StatusChange.to(AppointmentStatus.IN_CALL));
        advisor.changeStatus(a.id(), StatusChange.to(AppointmentStatus.COMPLETED));

        Appointment seen = lead.teamAppointments(TODAY).stream().filter(x -> x.id() == a.id()).findFirst()
                .orElseThrow();
        assertThat(seen.status()).isEqualTo(AppointmentStatus.COMPLETED);
        assertThat(seen.callStartedAt()).isNotNull();
        assertThat(seen.callEndedAt()).isAfterOrEqualTo(seen.callStartedAt());
        assertThat(seen.durationSeconds()).isNotNull().isGreaterThanOrEqualTo(0L);
    }

    @Test
    void advisorGets403AndNobodyWithoutSessionGetsIn() throws Exception {
        assertThatThrownBy(() -> advisor.teamAppointments(TODAY))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("FORBIDDEN");
                });
        assertThat(get("api/v1/team/appointments?date=" + TODAY, null).statusCode()).isEqualTo(401);
        HttpResponse<String> badDate = get("api/v1/team/appointments?date=heute", sessionOf("demo.teamleitung",
                "demo"));
        assertThat(badDate.statusCode()).isEqualTo(400);
    }

    @Test
    void teamResponsesCarryNoNoteTextNoLinkAndNoAdvisorOnlyField() throws Exception {
        HttpResponse<String> response = get("api/v1/team/appointments?date=" + TODAY,
                sessionOf("demo.teamleitung", "demo"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = Json.mapper().readTree(response.body());
        assertThat(list.size()).isEqualTo(48);
        for (JsonNode a : list) {
            assertOnlyTeamFields(a);
        }
        assertThat(response.body()).doesNotContain("/j/").doesNotContain("Anliegen").doesNotContain("0441");
    }

    @Test
    void teamLeadGetsLiveChangesOfTheTeamWithoutAdvisorOnlyFields() throws Exception {
        RawEvents events = RawEvents.open(sessionOf("demo.teamleitung", "demo"));
        try {
            Appointment video = advisor.appointments(TODAY).stream()
                    .filter(x -> x.status() == AppointmentStatus.SCHEDULED && x.channel() == Channel.VIDEO)
                    .reduce((x, y) -> y).orElseThrow();
            advisor.changeStatus(video.id(), new StatusChange(AppointmentStatus.NO_SHOW,
                    NoShowReason.CUSTOMER_TECHNICAL));

            JsonNode event = events.next("appointment");
            JsonNode changed = event.get("appointment");
            assertThat(changed.get("id").asLong()).isEqualTo(video.id());
            assertThat(changed.get("status").asText()).isEqualTo("NO_SHOW");
            assertThat(changed.get("noShowReason").asText()).isEqualTo("CUSTOMER_TECHNICAL");
            assertOnlyTeamFields(changed);
            assertThat(event.toString()).doesNotContain("/j/");
        } finally {
            events.close();
        }
    }

    @Test
    void anotherTeamsAppointmentsNeverAppearInListOrEvents() throws Exception {
        assertThat(lead.teamAppointments(TODAY)).extracting(Appointment::customerName)
                .noneMatch(n -> n.startsWith("Zweitteam"));
        List<Appointment> south = otherLead.teamAppointments(TODAY);
        assertThat(south).hasSize(5).allSatisfy(a -> {
            assertThat(a.advisorName()).isEqualTo("Bernd Süd");
            assertThat(a.joinUrl()).isNull();
        });

        RawEvents north = RawEvents.open(sessionOf("demo.teamleitung", "demo"));
        RawEvents southEvents = RawEvents.open(sessionOf("tl.sued", "sued"));
        try {
            otherAdvisor.changeStatus(south.get(4).id(), StatusChange.to(AppointmentStatus.CANCELLED));
            assertThat(southEvents.next("appointment").get("appointment").get("id").asLong())
                    .isEqualTo(south.get(4).id());
            // Events go out in order: once the north lead has the next north change, a south event would
            // have arrived before it.
            Appointment northOpen = advisor.appointments(TODAY).stream()
                    .filter(x -> x.status() == AppointmentStatus.SCHEDULED).reduce((x, y) -> y).orElseThrow();
            advisor.changeStatus(northOpen.id(), StatusChange.to(AppointmentStatus.CANCELLED));
            JsonNode first = north.next("appointment");
            assertThat(first.get("appointment").get("id").asLong()).isEqualTo(northOpen.id());
        } finally {
            north.close();
            southEvents.close();
        }
    }

    /** Every field with a value is one the team may see; nothing named like a note's text exists at all. */
    private static void assertOnlyTeamFields(JsonNode appointment) {
        List<String> withValue = new ArrayList<>();
        for (Iterator<String> names = appointment.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertThat(name.toLowerCase()).as("field %s", name).isNotIn("text", "note", "notetext", "notes")
                    .doesNotContain("notetext");
            if (!appointment.get(name).isNull()) {
                withValue.add(name);
            }
        }
        assertThat(TEAM_FIELDS).containsAll(withValue);
    }

    private static ApiClient signIn(String user, String password) throws ApiException {
        ApiClient client = new ApiClient(server.baseUri());
        client.login(user, password);
        return client;
    }

    private static String sessionOf(String user, String password) throws ApiException {
        return new ApiClient(server.baseUri()).login(user, password).token();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event stream as raw JSON texts, so that field names are checked as they travel. */
    private static final class RawEvents implements WebSocket.Listener {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static RawEvents open(String token) throws Exception {
            RawEvents events = new RawEvents();
            URI uri = URI.create(server.baseUri().toString().replaceFirst("^http", "ws") + "api/v1/events");
            events.socket = RAW.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(uri, events).get(10, TimeUnit.SECONDS);
            assertThat(events.next("hello")).isNotNull();
            return events;
        }

        /** The next event; fails if it is not of {@code type} or does not come within 10 s (a loaded machine). */
        JsonNode next(String type) throws Exception {
            String text = texts.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("an event within 10 s").isNotNull();
            JsonNode node = Json.mapper().readTree(text);
            assertThat(node.get("type").asText()).isEqualTo(type);
            return node;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
