package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.api.Json;
import de.videoberatung.api.NewUser;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePush;
import de.videoberatung.api.Role;
import de.videoberatung.api.UserInfo;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.TextMessages;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hidden input at every endpoint (issue 15): no token, a token of every role, malformed JSON, wrong types per
 * field, huge values, unknown fields, bad path ids (non-numeric, negative, huge, another user's), bad query values,
 * wrong content types, WebSocket upgrades with bad tokens and parameters, on both doors. Every answer is a 2xx for
 * a caller the route is meant for, or a 4xx in the contract's shape ({@code {"error","message"}}), never a 5xx; a
 * refused request changes nothing in the database, and the server keeps serving.
 *
 * <p>The routes come from the server itself ({@link ConsultationServer#routes()}), so a new endpoint fails this test
 * until {@link #specs()} says who may call it and what a valid request looks like. Seeded ({@code -Dfuzz.seed=N},
 * printed) and bounded: at most {@link #MAX_CASES_PER_ROUTE} requests per route.
 */
class EndpointFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20_261_202L);
    static final int MAX_CASES_PER_ROUTE = 100;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> ERROR_FIELDS = Set.of("error", "message", "fields", "conflict");

    /** Who sends a request: nobody, a session of each role, a service token, a session that must change its password. */
    enum Caller { NONE, ADVISOR, TEAM_LEAD, ADMIN, SERVICE, RESET }

    static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    static final Set<Caller> STAFF = EnumSet.of(Caller.ADVISOR, Caller.TEAM_LEAD, Caller.ADMIN);
    static final Set<Caller> STAFF_AND_SERVICE = EnumSet.of(Caller.ADVISOR, Caller.TEAM_LEAD, Caller.ADMIN,
            Caller.SERVICE);

    @TempDir
    static Path data;
    static ConsultationServer server;
    static final Map<Caller, String> TOKENS = new EnumMap<>(Caller.class);
    static final Map<Caller, String[]> CREDENTIALS = new HashMap<>();
    static long ownAppointment;
    static long foreignAppointment;
    static long victimUser;
    static long victimServiceToken;
    static String joinToken;
    static String noteId;
    static long teamId;
    static Connection watch;

    @BeforeAll
    static void start() throws Exception {
        // Sign-in throttling is SignInGuardTest's: here it would lock the fuzz's own fresh sessions out.
        server = ConsultationServer.create(ServerOptions.builder(data).demo(true).publicPort(0)
                .signInLimits(new SignInGuard.Limits(1_000_000, 1_000_000, Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofHours(1))).build()).start();
        CREDENTIALS.put(Caller.ADVISOR, new String[] {DemoData.ADVISOR, DemoData.PASSWORD});
        CREDENTIALS.put(Caller.TEAM_LEAD, new String[] {DemoData.TEAM_LEAD, DemoData.PASSWORD});
        CREDENTIALS.put(Caller.ADMIN, new String[] {DemoData.ADMIN, DemoData.PASSWORD});
        ApiClient admin = new ApiClient(server.baseUri());
        TOKENS.put(Caller.ADMIN, admin.login(DemoData.ADMIN, DemoData.PASSWORD).token());
        ApiClient advisor = new ApiClient(server.baseUri());
        UserInfo advisorInfo = advisor.login(DemoData.ADVISOR, DemoData.PASSWORD).user();
        TOKENS.put(Caller.ADVISOR, login(Caller.ADVISOR));
        TOKENS.put(Caller.TEAM_LEAD, login(Caller.TEAM_LEAD));
        TOKENS.put(Caller.SERVICE, admin.addServiceToken("Fuzz").token());
        victimServiceToken = admin.addServiceToken("Fuzz Opfer").id();
        teamId = advisorInfo.teamId();
        String password = "Fuzz-Passwort-2026!";
        long reset = admin.addUser(new NewUser("fuzz.reset", "Fuzz Reset", Role.ADVISOR, teamId, password)).id();
        CREDENTIALS.put(Caller.RESET, new String[] {"fuzz.reset", admin.resetPassword(reset).password()});
        TOKENS.put(Caller.RESET, login(Caller.RESET));
        victimUser = admin.addUser(new NewUser("fuzz.opfer", "Fuzz Opfer", Role.ADVISOR, teamId, password)).id();

        LocalDate today = LocalDate.now(BERLIN);
        Instant later = Instant.now().plus(Duration.ofHours(2));
        ownAppointment = advisor.createAppointment(new AppointmentDraft(null, "Fuzz Kundin", "123F000001", null,
                "0151 0000000", null, "Fuzz", Channel.VIDEO, later, later.plus(Duration.ofMinutes(30)), null, true))
                .id();
        ApiClient teamLead = new ApiClient(server.baseUri());
        teamLead.login(DemoData.TEAM_LEAD, DemoData.PASSWORD);
        foreignAppointment = teamLead.teamAppointments(today).stream().filter(a -> a.advisorId() != advisorInfo.id()).findFirst()
                .orElseThrow().id();
        // A link of today's demo day that opens the page (in demo mode every link of the day does).
        Appointment video = advisor.appointments(today).stream().filter(a -> a.channel() == Channel.VIDEO
                && a.status() == AppointmentStatus.SCHEDULED && a.joinUrl() != null && a.id() != ownAppointment)
                .findFirst().orElseThrow();
        joinToken = video.joinUrl().substring(video.joinUrl().lastIndexOf('/') + 1);
        Answer consent = send(server.customerUri(), "POST", "/api/v1/join/" + joinToken + "/consent", null,
                "application/json", ("{\"textVersion\":\"" + CallSignalling.CONSENT_TEXT_VERSION + "\"}")
                        .getBytes(StandardCharsets.UTF_8), -1);
        assertThat(consent.status).as(consent.body).isEqualTo(204);
        noteId = UUID.randomUUID().toString();
        advisor.pushNotes(new NotePush("fuzz-device", List.of(new NoteMutation(UUID.randomUUID().toString(), noteId,
                ownAppointment, null, 0, new NoteContent("Fuzz-Notiz", "", "", "", null), false, false, false,
                Instant.now()))));
        watch = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("server.db"));
        System.out.println("EndpointFuzzTest seed " + SEED + " (repeat with -Dfuzz.seed=" + SEED + ")");
    }

    @AfterAll
    static void stop() throws SQLException {
        if (watch != null) {
            watch.close();
        }
        server.close();
    }

    // --- what each route takes ------------------------------------------------------------------------------

    /** One route's contract as far as the fuzz needs it: who gets a 2xx, and a valid request. */
    static final class Spec {
        final Set<Caller> ok;
        ObjectNode json;
        String contentType = "application/json";
        byte[] file;
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> path = new HashMap<>();
        final Map<String, String> foreign = new HashMap<>();
        /** The valid request ends the caller's session: each such case signs in afresh. */
        boolean freshSession;

        Spec(Set<Caller> ok) {
            this.ok = ok;
        }

        Spec json(String sample) {
            json = FuzzInputs.parse(sample);
            return this;
        }

        Spec file(String type, byte[] content) {
            contentType = type;
            file = content;
            return this;
        }

        Spec query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Spec path(String name, Object value) {
            path.put(name, String.valueOf(value));
            return this;
        }

        Spec foreign(String name, Object value) {
            foreign.put(name, String.valueOf(value));
            return this;
        }

        Spec fresh() {
            freshSession = true;
            return this;
        }
    }

    /** Every route's spec; a route of the server without one fails the test. */
    static Map<String, Spec> specs() throws IOException {
        Map<String, Spec> s = new LinkedHashMap<>();
        String today = LocalDate.now(BERLIN).toString();
        Instant start = Instant.now().plus(Duration.ofHours(3));
        String draft = "{\"customerName\":\"Fuzz Kunde\",\"customerNumber\":\"123F000002\",\"customerEmail\":"
                + "\"fuzz@example.test\",\"customerPhone\":\"0151 1111111\",\"customerLanguage\":\"de\",\"topic\":"
                + "\"Fuzz\",\"channel\":\"VIDEO\",\"startsAt\":\"" + start + "\",\"endsAt\":\""
                + start.plus(Duration.ofMinutes(30)) + "\",\"externalId\":\"fuzz-1\",\"allowOverlap\":true}";
        s.put("GET /api/v1/health", new Spec(EVERYONE));
        s.put("POST /api/v1/session", new Spec(EVERYONE)
                .json("{\"username\":\"demo.berater\",\"password\":\"demo\"}"));
        s.put("DELETE /api/v1/session", new Spec(EnumSet.of(Caller.ADVISOR, Caller.TEAM_LEAD, Caller.ADMIN,
                Caller.RESET)).fresh());
        // The valid change names a wrong old password: the fuzz must not change the callers' passwords.
        s.put("POST /api/v1/session/password", new Spec(EnumSet.noneOf(Caller.class))
                .json("{\"oldPassword\":\"falsch\",\"newPassword\":\"Ganz-Neues-Passwort-2026\"}"));
        s.put("GET /api/v1/admin/users", new Spec(EnumSet.of(Caller.ADMIN)));
        s.put("POST /api/v1/admin/users", new Spec(EnumSet.of(Caller.ADMIN)).json("{\"username\":\"fuzz.neu\","
                + "\"displayName\":\"Fuzz Neu\",\"role\":\"ADVISOR\",\"teamId\":" + teamId
                + ",\"password\":\"Fuzz-Passwort-2026!\"}"));
        s.put("PATCH /api/v1/admin/users/{id}", new Spec(EnumSet.of(Caller.ADMIN)).path("id", victimUser)
                .json("{\"role\":\"ADVISOR\",\"teamId\":" + teamId + ",\"displayName\":\"Fuzz Opfer\"}"));
        s.put("POST /api/v1/admin/users/{id}/disable", new Spec(EnumSet.of(Caller.ADMIN)).path("id", victimUser));
        s.put("POST /api/v1/admin/users/{id}/enable", new Spec(EnumSet.of(Caller.ADMIN)).path("id", victimUser));
        s.put("POST /api/v1/admin/users/{id}/reset-password", new Spec(EnumSet.of(Caller.ADMIN))
                .path("id", victimUser));
        s.put("GET /api/v1/admin/teams", new Spec(EnumSet.of(Caller.ADMIN)));
        s.put("POST /api/v1/admin/teams", new Spec(EnumSet.of(Caller.ADMIN)).json("{\"name\":\"Team Fuzz\"}"));
        s.put("GET /api/v1/admin/service-tokens", new Spec(EnumSet.of(Caller.ADMIN)));
        s.put("POST /api/v1/admin/service-tokens", new Spec(EnumSet.of(Caller.ADMIN))
                .json("{\"name\":\"Fuzz Dienst\"}"));
        s.put("DELETE /api/v1/admin/service-tokens/{id}", new Spec(EnumSet.of(Caller.ADMIN))
                .path("id", victimServiceToken));
        s.put("GET /api/v1/appointments", new Spec(STAFF).query("date", today));
        s.put("POST /api/v1/appointments/{id}/status", new Spec(STAFF_AND_SERVICE).path("id", ownAppointment)
                .foreign("id", foreignAppointment).json("{\"status\":\"SCHEDULED\",\"reason\":null,"
                        + "\"cancelReason\":null}"));
        s.put("POST /api/v1/appointments", new Spec(STAFF_AND_SERVICE).json(draft));
        s.put("PATCH /api/v1/appointments/{id}", new Spec(STAFF_AND_SERVICE).path("id", ownAppointment)
                .foreign("id", foreignAppointment).json("{\"topic\":\"Fuzz geändert\",\"customerPhone\":"
                        + "\"0151 2222222\",\"allowOverlap\":true}"));
        s.put("POST /api/v1/appointments/import", new Spec(STAFF_AND_SERVICE)
                .file("text/csv", AppointmentImportTest.resource("termine-excel.csv"))
                .query("partial", "true").query("allowOverlap", "true"));
        s.put("GET /api/v1/team/appointments", new Spec(EnumSet.of(Caller.TEAM_LEAD)).query("date", today));
        s.put("GET /api/v1/team/advisors", new Spec(EnumSet.of(Caller.TEAM_LEAD)));
        s.put("GET /api/v1/ice-servers", new Spec(STAFF));
        s.put("GET /j/{token}", new Spec(EVERYONE).path("token", joinToken));
        s.put("GET /web/{file}", new Spec(EVERYONE).path("file", "join.js"));
        s.put("GET /api/v1/join/{token}", new Spec(EVERYONE).path("token", joinToken));
        s.put("POST /api/v1/join/{token}/consent", new Spec(EVERYONE).path("token", joinToken)
                .json("{\"textVersion\":\"" + CallSignalling.CONSENT_TEXT_VERSION + "\"}"));
        s.put("POST /api/v1/join/{token}/check", new Spec(EVERYONE).path("token", joinToken)
                .json("{\"camera\":true,\"microphone\":true,\"speaker\":false,\"connection\":\"good\"}"));
        s.put("POST /api/v1/appointments/{id}/phone-fallback", new Spec(STAFF).path("id", ownAppointment)
                .foreign("id", foreignAppointment));
        s.put("POST /api/v1/notes/push", new Spec(STAFF).json("{\"deviceId\":\"fuzz-device\",\"mutations\":[{"
                + "\"mutationId\":\"" + UUID.randomUUID() + "\",\"noteId\":\"" + noteId + "\",\"appointmentId\":"
                + ownAppointment + ",\"correctsNoteId\":null,\"baseRevision\":1,\"content\":{\"text\":\"Fuzz\","
                + "\"concern\":\"\",\"outcome\":\"\",\"agreements\":\"\",\"followUp\":null},\"finalised\":false,"
                + "\"deleted\":false,\"resolvesConflict\":false,\"clientTime\":\"" + Instant.now() + "\"}]}"));
        s.put("GET /api/v1/notes/pull", new Spec(STAFF).query("since", "0").query("limit", "50")
                .query("from", today));
        s.put("GET /api/v1/notes/{id}/history", new Spec(STAFF).path("id", noteId));
        s.put("POST /api/v1/appointments/{id}/invitation", new Spec(STAFF).path("id", ownAppointment)
                .foreign("id", foreignAppointment));
        s.put("WS /api/v1/events", new Spec(STAFF));
        s.put("WS /api/v1/join/{token}/signal", new Spec(EVERYONE).path("token", joinToken)
                .query("page", "fuzzseite01"));
        return s;
    }

    // --- the test -------------------------------------------------------------------------------------------

    @Test
    void everyEndpointAnswersHiddenInputWithA4xxInTheContractsShapeAndChangesNothing() throws Exception {
        // Requests and sockets; the before-handlers of every path are not routes of their own.
        List<String> routes = server.routes().stream().filter(r -> r.matches("(GET|POST|PUT|PATCH|DELETE|WS) /.*"))
                .toList();
        Map<String, Spec> specs = specs();
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(specs.keySet());
        assertThat(missing).as("routes without a fuzz spec in EndpointFuzzTest.specs()").isEmpty();
        Set<String> stale = new TreeSet<>(specs.keySet());
        stale.removeAll(routes);
        assertThat(stale).as("specs of routes the server no longer has").isEmpty();

        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int sent = 0;
        long began = System.nanoTime();
        long cpuBefore = processCpuNanos();
        for (String route : routes) {
            List<Case> cases = cases(route, specs.get(route), new Random(random.nextLong()));
            for (Case c : cases) {
                Answer answer;
                try {
                    answer = run(c, specs.get(route));
                } catch (IOException e) {
                    failures.add(route + " [" + c.label + ", " + c.caller + "]: no answer: " + e);
                    continue;
                }
                statuses.merge(answer.status, 1, Integer::sum);
                sent++;
                String problem = judge(c, specs.get(route), answer);
                if (problem != null) {
                    failures.add(route + " [" + c.label + ", " + c.caller + "]: " + problem);
                }
            }
            Answer health = send(server.baseUri(), "GET", "/api/v1/health", null, null, null, -1);
            assertThat(health.status).as("the server still serves after %s", route).isEqualTo(200);
        }
        // Wall time grows with the machine's load; the CPU time of this JVM (client and server) does not.
        System.out.printf(Locale.ROOT, "EndpointFuzzTest: %d requests to %d routes in %d ms, %d ms CPU (%d database"
                + " digests, %d ms), statuses %s%n", sent, routes.size(), TimeUnit.NANOSECONDS.toMillis(
                System.nanoTime() - began), TimeUnit.NANOSECONDS.toMillis(processCpuNanos() - cpuBefore), digests,
                TimeUnit.NANOSECONDS.toMillis(digestNanos), statuses);
        assertThat(failures).as("seed %d: %d of %d requests answered wrongly", SEED, failures.size(), sent)
                .isEmpty();
        assertThat(new ApiClient(server.baseUri()).login(DemoData.ADVISOR, DemoData.PASSWORD).token()).isNotBlank();
    }

    /** Sockets that were let in stay sane under bad messages: refused, never closed as a server error (1011). */
    @Test
    void openSocketsRefuseMalformedMessagesAndKeepServing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String ws = server.baseUri().toString().replaceFirst("^http", "ws");
        String customerWs = server.customerUri().toString().replaceFirst("^http", "ws");
        Random random = new Random(SEED);
        List<String> messages = new ArrayList<>();
        for (byte[] body : FuzzInputs.malformedBodies(random)) {
            messages.add(new String(body, StandardCharsets.UTF_8));
        }
        messages.addAll(List.of("{\"type\":\"nope\",\"appointmentId\":1}", "{\"type\":\"start\"}",
                "{\"type\":\"start\",\"appointmentId\":\"x\"}", "{\"type\":\"offer\",\"appointmentId\":-1,\"sdp\":null}",
                "{\"type\":\"candidate\",\"appointmentId\":" + foreignAppointment + ",\"mid\":[],\"candidate\":{}}",
                "{\"type\":\"hangup\",\"appointmentId\":99999999999999999999}",
                "{\"type\":\"connection\",\"appointmentId\":" + ownAppointment + ",\"state\":\"" + "x".repeat(50_000)
                        + "\"}", "{\"type\":\"answer\",\"appointmentId\":" + foreignAppointment + ",\"sdp\":\"v=0\"}"));

        TextMessages advisor = new TextMessages();
        WebSocket events = http.newWebSocketBuilder().header("Authorization", "Bearer " + login(Caller.ADVISOR))
                .buildAsync(URI.create(ws + "api/v1/events"), advisor).join();
        advisor.next("\"hello\"");
        for (String m : messages) {
            events.sendText(m, true).join();
        }
        // The last word: a foreign appointment looks exactly like a missing one.
        events.sendText("{\"type\":\"start\",\"appointmentId\":" + foreignAppointment + "}", true).join();
        events.sendText("{\"type\":\"start\",\"appointmentId\":987654321}", true).join();
        assertThat(advisor.next("987654321")).contains("UNKNOWN_APPOINTMENT");
        assertThat(advisor.closed()).as("the advisor's stream was not closed").isNotDone();
        events.abort();

        TextMessages page = new TextMessages();
        WebSocket signal = http.newWebSocketBuilder().buildAsync(URI.create(customerWs + "api/v1/join/" + joinToken
                + "/signal?page=fuzzseite02"), page).join();
        page.next("\"welcome\"");
        for (String m : messages) {
            signal.sendText(m, true).join();
        }
        signal.sendText("{\"type\":\"offer\",\"sdp\":\"v=0\"}", true).join();
        assertThat(page.next("NOT_IN_CALL")).contains("refused");
        assertThat(page.closed()).as("the page's socket was not closed").isNotDone();
        signal.abort();
        Poll.until("the page's room released", Duration.ofSeconds(10), () -> server.openCallRooms() == 0);
        assertThat(send(server.baseUri(), "GET", "/api/v1/health", null, null, null, -1).status).isEqualTo(200);
    }

    /** Outside every route: unknown paths and requests Jetty cannot read answer in the same shape, on both doors. */
    @Test
    void unknownPathsAndUnreadableRequestsAnswerInTheErrorShape() throws Exception {
        for (URI door : List.of(server.baseUri(), server.customerUri())) {
            for (Answer a : List.of(send(door, "GET", "/nope", null, null, null, -1),
                    send(door, "POST", "/api/v1/nope?x=%zz", null, "application/json", "{".getBytes(StandardCharsets.UTF_8),
                            -1),
                    upgrade(door, "/api/v1/nope", null), upgrade(door, "/api/v1/events/extra", null))) {
                assertThat(a.status).as(a.body).isEqualTo(404);
                assertThat(shapeProblem(a)).isNull();
            }
            byte[][] unreadable = {
                "GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked, x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "GET / HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            };
            for (byte[] request : unreadable) {
                Answer a = exchange(door, request, false);
                String line = new String(request, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
                // An HTTP version that does not exist is answered as HTTP says (505), the one 5xx that is no failure.
                if (line.endsWith("HTTP/9.9")) {
                    assertThat(a.status).as(line).isEqualTo(505);
                } else {
                    assertThat(a.status).as(line).isBetween(400, 499);
                }
                assertThat(shapeProblem(a)).as(a.body).isNull();
            }
        }
        assertThat(send(server.baseUri(), "GET", "/api/v1/health", null, null, null, -1).status).isEqualTo(200);
    }

    // --- the cases of one route -----------------------------------------------------------------------------

    /** One request: who sends it, where, with what; {@code wrongDoor}: sent to the other door (404 expected). */
    record Case(String label, Caller caller, String bearer, String method, String path, String query,
                String contentType, byte[] body, long declaredLength, boolean wrongDoor, boolean mutated) {

        Case with(String newLabel, String newPath, String newQuery, String newType, byte[] newBody) {
            return new Case(newLabel, caller, bearer, method, newPath, newQuery, newType, newBody, -1, wrongDoor,
                    true);
        }

        Case by(Caller who) {
            return new Case(label, who, bearer, method, path, query, contentType, body, declaredLength, wrongDoor,
                    mutated);
        }
    }

    static List<Case> cases(String route, Spec spec, Random random) {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        String validPath = fill(template, spec.path);
        String validQuery = query(spec.query);
        byte[] validBody = spec.json != null ? FuzzInputs.json(spec.json).getBytes(StandardCharsets.UTF_8)
                : spec.file;
        String type = validBody != null ? spec.contentType : null;
        List<Caller> allowed = new ArrayList<>(spec.ok.isEmpty() ? STAFF : spec.ok);
        Caller primary = allowed.get(random.nextInt(allowed.size()));
        Case valid = new Case("valid", primary, null, method, validPath, validQuery, type, validBody, -1, false,
                false);

        List<Case> roles = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            roles.add(valid.by(caller));
        }
        List<String> bearers = new ArrayList<>(List.of("Bearer", "Bearer ", "Bearer x",
                "Basic ZGVtby5iZXJhdGVyOmRlbW8=", "bearer " + TOKENS.get(Caller.ADVISOR),
                "Bearer " + TOKENS.get(Caller.ADVISOR) + "x", "Bearer " + "A".repeat(6_000),
                "Bearer " + TOKENS.get(Caller.ADMIN) + " " + TOKENS.get(Caller.ADMIN), "Bearer ../../etc/passwd"));
        // Four per route: over the routes every broken header is sent many times.
        Collections.shuffle(bearers, random);
        for (String bearer : bearers.subList(0, 4)) {
            roles.add(new Case("bearer " + bearer.length(), Caller.NONE, bearer, method, validPath, validQuery, type,
                    validBody, -1, false, false));
        }

        List<Case> mutations = new ArrayList<>();
        Matcher params = Pattern.compile("\\{([^}]+)}").matcher(template);
        while (params.find()) {
            String name = params.group(1);
            List<String> values = new ArrayList<>(FuzzInputs.PATH_VALUES);
            if (spec.foreign.containsKey(name)) {
                values.add(spec.foreign.get(name));
            }
            for (String value : values) {
                Map<String, String> path = new HashMap<>(spec.path);
                path.put(name, value);
                mutations.add(valid.with("path " + name + "=" + abbreviate(value), fill(template, path), validQuery,
                        type, validBody));
            }
        }
        for (String name : spec.query.keySet()) {
            Map<String, String> without = new LinkedHashMap<>(spec.query);
            without.remove(name);
            mutations.add(valid.with("query without " + name, validPath, query(without), type, validBody));
            for (String value : FuzzInputs.QUERY_VALUES) {
                Map<String, String> q = new LinkedHashMap<>(spec.query);
                q.put(name, value);
                mutations.add(valid.with("query " + name + "=" + abbreviate(value), validPath, query(q), type,
                        validBody));
            }
            mutations.add(valid.with("query " + name + " twice", validPath, validQuery + "&" + name + "=x", type,
                    validBody));
        }
        mutations.add(valid.with("unknown query", validPath, validQuery + (validQuery.isEmpty() ? "" : "&")
                + "zzz=%00&date=x&limit=-1", type, validBody));
        if (spec.json != null) {
            for (byte[] body : FuzzInputs.malformedBodies(random)) {
                mutations.add(valid.with("malformed " + abbreviate(new String(body, StandardCharsets.UTF_8)),
                        validPath, validQuery, type, body));
            }
            List<JsonNode> wrong = FuzzInputs.wrongValues();
            for (String field : FuzzInputs.fields(spec.json)) {
                List<JsonNode> picks = new ArrayList<>(wrong);
                Collections.shuffle(picks, random);
                for (JsonNode value : picks.subList(0, 8)) {
                    mutations.add(valid.with("field " + field + "=" + abbreviate(FuzzInputs.json(value)), validPath,
                            validQuery, type, FuzzInputs.json(FuzzInputs.with(spec.json, field, value))
                                    .getBytes(StandardCharsets.UTF_8)));
                }
                ObjectNode without = spec.json.deepCopy();
                without.remove(field);
                mutations.add(valid.with("without " + field, validPath, validQuery, type,
                        FuzzInputs.json(without).getBytes(StandardCharsets.UTF_8)));
            }
            for (ObjectNode body : FuzzInputs.withUnknownFields(spec.json)) {
                mutations.add(valid.with("unknown fields", validPath, validQuery, type,
                        FuzzInputs.json(body).getBytes(StandardCharsets.UTF_8)));
            }
            mutations.add(valid.with("duplicate key", validPath, validQuery, type, FuzzInputs.duplicateKey(spec.json)));
            mutations.add(valid.with("empty body", validPath, validQuery, type, new byte[0]));
        } else if (spec.file != null) {
            FuzzInputs.brokenFiles(spec.file, random).forEach((label, body) -> {
                for (String t : List.of("text/csv", "text/calendar")) {
                    mutations.add(valid.with(t + " " + label, validPath, validQuery, t, body));
                }
            });
            mutations.add(valid.with("empty body", validPath, validQuery, type, new byte[0]));
        } else if (!method.equals("WS")) {
            mutations.add(valid.with("unexpected body", validPath, validQuery, "application/json",
                    "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
            mutations.add(valid.with("unexpected garbage", validPath, validQuery, "application/octet-stream",
                    FuzzInputs.malformedBodies(random).get(random.nextInt(30))));
        }
        if (validBody != null) {
            for (String t : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "", "*/*")) {
                mutations.add(valid.with("content type " + t, validPath, validQuery, t, validBody));
            }
            mutations.add(valid.with("no content type", validPath, validQuery, null, validBody));
            mutations.add(new Case("declared over the limit", primary, null, method, validPath, validQuery, type,
                    validBody, 5_000_000, false, true));
        }
        if (!method.equals("WS")) {
            mutations.add(new Case("other method", primary, null, method.equals("GET") ? "PUT" : "GET", validPath,
                    validQuery, null, null, -1, false, true));
            mutations.add(new Case("TRACE", primary, null, "TRACE", validPath, validQuery, null, null, -1, false,
                    true));
        }
        Collections.shuffle(mutations, random);
        List<Case> all = new ArrayList<>(roles);
        all.addAll(mutations.subList(0, Math.min(mutations.size(), MAX_CASES_PER_ROUTE - roles.size() - 3)));
        // Both doors: a few of the route's requests at the other one, where it does not exist.
        if (!template.equals("/api/v1/health")) {
            for (int i = 0; i < 3; i++) {
                Case c = all.get(random.nextInt(all.size()));
                all.add(new Case("wrong door: " + c.label, c.caller, c.bearer, c.method, c.path, c.query,
                        c.contentType, c.body, c.declaredLength, true, c.mutated));
            }
        }
        return all;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "1")));
        }
        return m.appendTail(out).toString();
    }

    private static String query(Map<String, String> values) {
        StringBuilder q = new StringBuilder();
        values.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return q.toString();
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }

    // --- running and judging --------------------------------------------------------------------------------

    private static long version = -1;
    private static String baseline;
    private static int digests;
    private static long digestNanos;

    private static Answer run(Case c, Spec spec) throws Exception {
        long before = dataVersion();
        if (before != version) {
            // Something was written since the last look (an accepted request, a session touched): new baseline.
            baseline = digest();
            version = before;
        }
        String bearer = c.bearer;
        if (bearer == null && c.caller != Caller.NONE) {
            bearer = "Bearer " + (spec.freshSession && c.caller != Caller.SERVICE ? login(c.caller)
                    : TOKENS.get(c.caller));
        }
        boolean customers = Listeners.customerPath(c.path);
        URI door = customers != c.wrongDoor ? server.customerUri() : server.baseUri();
        if (c.path.equals("/api/v1/health")) {
            door = c.wrongDoor ? server.customerUri() : server.baseUri();
        }
        Answer answer = c.method.equals("WS")
                ? upgrade(door, c.path + (c.query.isEmpty() ? "" : "?" + c.query), bearer)
                : send(door, c.method, c.path + (c.query.isEmpty() ? "" : "?" + c.query), bearer, c.contentType,
                        c.body, c.declaredLength);
        if (answer.status == 101) {
            // The page's socket went again: wait until the server has put the appointment back (its room goes last).
            Poll.until("the call rooms released", Duration.ofSeconds(10), () -> server.openCallRooms() == 0);
        }
        long after = dataVersion();
        if (after != version) {
            String now = digest();
            answer.changed = !now.equals(baseline) ? changedTables(baseline, now) : null;
            baseline = now;
            version = after;
        }
        return answer;
    }

    /** What is wrong with the answer, or null. */
    private static String judge(Case c, Spec spec, Answer a) {
        int s = a.status;
        boolean publicRoute = spec.ok.contains(Caller.NONE);
        if (s >= 500 || s < 100 || (s >= 300 && s < 400) || (s >= 100 && s < 200 && s != 101)) {
            return "status " + s + " " + abbreviate(a.body);
        }
        if (c.wrongDoor) {
            if (s == 404 && a.body.contains("\"NOT_FOUND\"")) {
                return null;
            }
            // Refused before any door looked at it: Jetty could not read the request, or the body is over the limit.
            boolean unreadable = (s == 400 || s == 413 || s == 414 || s == 431)
                    && a.contentType.startsWith("application/json")
                    && a.body.matches(".*\"(INVALID_REQUEST|BODY_TOO_LARGE|URI_TOO_LONG|HEADERS_TOO_LARGE)\".*");
            return unreadable ? shapeProblem(a) : "wrong door answered " + s + " " + abbreviate(a.body);
        }
        if (s == 101 && !c.method.equals("WS")) {
            return "101 to a plain request";
        }
        if (s < 300) {
            if (!spec.ok.contains(c.caller)) {
                return s + " for " + c.caller + ", who must be refused";
            }
            return null;
        }
        if (!publicRoute && c.caller == Caller.NONE && !c.label.startsWith("declared over") && s != 401) {
            return "without a valid token: " + s + " instead of 401";
        }
        if (a.changed != null) {
            return s + " but the database changed: " + a.changed;
        }
        boolean page = c.path.startsWith("/j/") && a.contentType.startsWith("text/html") && !c.method.equals("WS");
        return page ? null : shapeProblem(a);
    }

    private static String shapeProblem(Answer a) {
        if (!a.head.contains("\r\nx-content-type-options: nosniff") || !a.head.contains("\r\ncontent-security-policy: ")) {
            return a.status + " without the security headers: " + abbreviate(a.head);
        }
        if (!a.contentType.startsWith("application/json")) {
            return a.status + " with content type '" + a.contentType + "': " + abbreviate(a.body);
        }
        try {
            JsonNode body = Json.mapper().readTree(a.body);
            if (body == null || !body.isObject() || !body.path("error").isTextual()
                    || !CODE.matcher(body.path("error").asText()).matches() || !body.path("message").isTextual()
                    || body.path("message").asText().isBlank()) {
                return a.status + " not in the error shape: " + abbreviate(a.body);
            }
            for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!ERROR_FIELDS.contains(f)) {
                    return a.status + " with an unexpected field " + f;
                }
            }
            return null;
        } catch (IOException e) {
            return a.status + " body is not JSON: " + abbreviate(a.body);
        }
    }

    /** An answer: status, content type and body (as text). */
    static final class Answer {
        final int status;
        final String contentType;
        final String body;
        /** The answer's head, lower case. */
        final String head;
        String changed;

        Answer(int status, String head, String body) {
            this.status = status;
            this.head = head.toLowerCase(Locale.ROOT);
            String type = header(head, "content-type");
            this.contentType = type == null ? "" : type.toLowerCase(Locale.ROOT);
            this.body = body;
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // --- the database watch ---------------------------------------------------------------------------------

    /** Changes whenever another connection (the server's) commits. */
    private static long dataVersion() throws SQLException {
        try (Statement st = watch.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            return rs.getLong(1);
        }
    }

    /**
     * Per table (sessions left out: any authenticated request may touch its own), a hash of the sorted rows, as
     * {@code table=hash;...}.
     */
    private static String digest() throws Exception {
        long began = System.nanoTime();
        digests++;
        try {
            return tableHashes();
        } finally {
            digestNanos += System.nanoTime() - began;
        }
    }

    private static String tableHashes() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Statement st = watch.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('session') ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String table : tables) {
            List<String> rows = new ArrayList<>();
            try (Statement st = watch.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table
                    + "\"")) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(rs.getString(i)).append('\u0001');
                    }
                    rows.add(row.toString());
                }
            }
            Collections.sort(rows);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> sha.update(r.getBytes(StandardCharsets.UTF_8)));
            out.append(table).append('=').append(HexFormat.of().formatHex(sha.digest(), 0, 8)).append(';');
        }
        return out.toString();
    }

    private static String changedTables(String before, String after) {
        Set<String> a = new TreeSet<>(List.of(before.split(";")));
        Set<String> b = new TreeSet<>(List.of(after.split(";")));
        Set<String> changed = new TreeSet<>();
        b.stream().filter(x -> !a.contains(x)).forEach(x -> changed.add(x.substring(0, x.indexOf('='))));
        return String.join(", ", changed);
    }

    // --- the wire -------------------------------------------------------------------------------------------

    static String login(Caller caller) {
        String[] c = CREDENTIALS.get(caller);
        try {
            return new ApiClient(server.baseUri()).login(c[0], c[1]).token();
        } catch (ApiException e) {
            throw new IllegalStateException("fresh session for " + caller, e);
        }
    }

    /**
     * A plain HTTP/1.1 request on its own connection, written by hand: the JDK's client refuses what a fuzz must
     * send (bad percent-escapes, TRACE, any content type). {@code declaredLength} ≥ 0 announces that many bytes and
     * sends only the given ones.
     */
    static Answer send(URI door, String method, String target, String bearer, String contentType, byte[] body,
                       long declaredLength) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        StringBuilder h = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(door.getHost()).append(':').append(door.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        if (bearer != null) {
            h.append("Authorization: ").append(bearer).append("\r\n");
        }
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null || declaredLength >= 0) {
            h.append("Content-Length: ").append(declaredLength >= 0 ? declaredLength : body.length).append("\r\n");
        }
        h.append("\r\n");
        head.write(h.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            head.write(body);
        }
        return exchange(door, head.toByteArray(), false);
    }

    /** A WebSocket upgrade request by hand; 101 if the server let it in (then the socket is dropped). */
    static Answer upgrade(URI door, String target, String bearer) throws IOException {
        String h = "GET " + target + " HTTP/1.1\r\nHost: " + door.getHost() + ":" + door.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (bearer != null ? "Authorization: " + bearer + "\r\n" : "")
                + "\r\n";
        return exchange(door, h.getBytes(StandardCharsets.UTF_8), true);
    }

    private static Answer exchange(URI door, byte[] request, boolean upgrade) throws IOException {
        try (Socket socket = new Socket(door.getHost(), door.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before it took the whole body; read what it said.
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String headers = readHeaders(in);
            int status = Integer.parseInt(headers.substring(9, 12));
            if (status == 101) {
                // Let the server greet (its connect handler has run then), then close properly and wait for its close.
                readFrame(in);
                out.write(new byte[] {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)});
                out.flush();
                while (readFrame(in) != 0x8) {
                    // skip what it still sends before its close frame
                }
                return new Answer(status, headers, "");
            }
            byte[] content;
            String length = header(headers, "content-length");
            if ("chunked".equalsIgnoreCase(header(headers, "transfer-encoding"))) {
                content = readChunked(in);
            } else if (length != null) {
                content = in.readNBytes(Integer.parseInt(length.trim()));
            } else {
                content = in.readAllBytes();
            }
            return new Answer(status, headers, new String(content, StandardCharsets.UTF_8));
        }
    }

    /** Reads one WebSocket frame from the server (unmasked) and answers its opcode; 0x8 at the end of the stream. */
    private static int readFrame(InputStream in) throws IOException {
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
            return 0x8;
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        in.skipNBytes(length);
        return first & 0x0F;
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the answer's head: " + buf);
            }
            buf.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return out.toByteArray();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            in.read();
            in.read();
        }
    }
}
