package de.videoberatung.server;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Json;
import de.videoberatung.api.NewServiceToken;
import de.videoberatung.api.NewUser;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.api.Team;
import de.videoberatung.api.TemporaryPassword;
import de.videoberatung.api.UserChange;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.ManualClock;
import de.videoberatung.testsupport.Poll;
import de.videoberatung.testsupport.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static de.videoberatung.testsupport.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/**
 * The admin API on a real server started without demo data: the first admin comes from the {@code server
 * admin} command, everything else through the API; every other role is refused; a disabled, signed-out or
 * expired session loses its bearer token and its event stream at once.
 */
class AdminApiTest {

    static final String ADMIN_PASSWORD = "erstes-Admin-Passwort";
    static final String PASSWORD = "ein langes Passwort";
    /** Well below the server's periodic stream check: "at once" means the change itself closed the stream. */
    static final Duration AT_ONCE = Duration.ofSeconds(5);
    static final HttpClient RAW = HttpClient.newHttpClient();
    static final AtomicInteger NEXT = new AtomicInteger();

    @TempDir
    static Path data;
    static ConsultationServer server;
    static ApiClient admin;
    static Team team;

    @BeforeAll
    static void start() throws ApiException {
        AdminCli.firstAdmin(data, "Team Verwaltung", "it.admin", ADMIN_PASSWORD);
        server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).passwordIterations(1_000).build()).start();
        admin = new ApiClient(server.baseUri());
        SessionResponse session = admin.login("it.admin", ADMIN_PASSWORD);
        assertThat(session.user().role()).isEqualTo(Role.ADMIN);
        team = admin.addTeam("Team Süd");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAdminAddsTeamsAndUsersWhoCanThenSignIn() throws Exception {
        assertThat(admin.teams()).extracting(Team::name).contains("Team Verwaltung", "Team Süd");
        AdminUser added = admin.addUser(new NewUser("b.neu", "Berta Neu", Role.ADVISOR, team.id(), PASSWORD));
        assertThat(added.teamName()).isEqualTo("Team Süd");
        assertThat(added.disabled()).isFalse();
        assertThat(admin.adminUsers()).extracting(AdminUser::username).contains("it.admin", "b.neu");

        SessionResponse session = new ApiClient(server.baseUri()).login("b.neu", PASSWORD);
        assertThat(session.user().role()).isEqualTo(Role.ADVISOR);
        assertThat(session.user().teamId()).isEqualTo(team.id());
        assertThat(session.mustChangePassword()).isFalse();
    }

    @Test
    void invalidUsersAndTeamsAreRefusedWithTheirCode() {
        assertRefused(() -> admin.addUser(new NewUser("k.kurz", "Kurt Kurz", Role.ADVISOR, team.id(), "kurz")),
                400, "WEAK_PASSWORD");
        assertRefused(() -> admin.addUser(new NewUser("n.name", "Nina Name", Role.ADVISOR, team.id(),
                "n.name-ist-mein-passwort")), 400, "WEAK_PASSWORD");
        assertRefused(() -> admin.addUser(new NewUser("it.admin", "Doppelt", Role.ADVISOR, team.id(), PASSWORD)),
                409, "USERNAME_TAKEN");
        assertRefused(() -> admin.addUser(new NewUser("o.team", "Ohne Team", Role.ADVISOR, 9_999L, PASSWORD)),
                400, "UNKNOWN_TEAM");
        assertRefused(() -> admin.addUser(new NewUser("s.dienst", "Dienst", Role.SERVICE, team.id(), PASSWORD)),
                400, "INVALID_ROLE");
        assertRefused(() -> admin.addUser(new NewUser("mit leerzeichen", "X", Role.ADVISOR, team.id(), PASSWORD)),
                400, "INVALID_USERNAME");
        assertRefused(() -> admin.addTeam("Team Süd"), 409, "TEAM_EXISTS");
    }

    @Test
    void everyAdminEndpointRefusesEveryOtherRoleWith403AndNoSessionWith401() throws Exception {
        String advisor = signedIn(user(Role.ADVISOR));
        String teamLead = signedIn(user(Role.TEAM_LEAD));
        String service = admin.addServiceToken("Planung " + NEXT.incrementAndGet()).token();
        long someone = user(Role.ADVISOR).id();
        List<String[]> endpoints = List.of(
                new String[] {"GET", "api/v1/admin/users", null},
                new String[] {"POST", "api/v1/admin/users", "{\"username\":\"x.y\",\"displayName\":\"X\","
                        + "\"role\":\"ADMIN\",\"teamId\":" + team.id() + ",\"password\":\"" + PASSWORD + "\"}"},
                new String[] {"PATCH", "api/v1/admin/users/" + someone, "{\"role\":\"ADMIN\"}"},
                new String[] {"POST", "api/v1/admin/users/" + someone + "/disable", "{}"},
                new String[] {"POST", "api/v1/admin/users/" + someone + "/enable", "{}"},
                new String[] {"POST", "api/v1/admin/users/" + someone + "/reset-password", "{}"},
                new String[] {"GET", "api/v1/admin/teams", null},
                new String[] {"POST", "api/v1/admin/teams", "{\"name\":\"Team Fremd\"}"},
                new String[] {"GET", "api/v1/admin/service-tokens", null},
                new String[] {"POST", "api/v1/admin/service-tokens", "{\"name\":\"Fremd\"}"},
                new String[] {"DELETE", "api/v1/admin/service-tokens/1", null});
        for (String[] e : endpoints) {
            for (String token : List.of(advisor, teamLead, service)) {
                HttpResponse<String> refused = raw(e[0], e[1], e[2], token);
                assertThat(refused.statusCode()).as(e[0] + " " + e[1]).isEqualTo(403);
                assertThat(error(refused)).isEqualTo("FORBIDDEN");
            }
            assertThat(raw(e[0], e[1], e[2], null).statusCode()).as(e[0] + " " + e[1] + " without session")
                    .isEqualTo(401);
        }
        // Nothing of it happened.
        assertThat(admin.adminUsers()).extracting(AdminUser::username).doesNotContain("x.y");
        assertThat(admin.teams()).extracting(Team::name).doesNotContain("Team Fremd");
        assertThat(admin.adminUsers()).filteredOn(u -> u.id() == someone).singleElement()
                .satisfies(u -> assertThat(u.role()).isEqualTo(Role.ADVISOR));
    }

    @Test
    void aDisabledUsersTokenStopsWorkingAndTheirStreamClosesAtOnce() throws Exception {
        AdminUser user = user(Role.ADVISOR);
        ApiClient client = new ApiClient(server.baseUri());
        String token = client.login(user.username(), PASSWORD).token();
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        client.openEvents(e -> { }, closed::complete);

        AdminUser disabled = admin.setUserEnabled(user.id(), false);

        assertThat(disabled.disabled()).isTrue();
        assertThat(raw("GET", "api/v1/appointments?date=" + LocalDate.now(), null, token).statusCode())
                .isEqualTo(401);
        Poll.until("the disabled user's event stream closes", AT_ONCE, closed::isDone);
        assertThatThrownBy(() -> client.openEvents(e -> { }, e -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertRefused(() -> new ApiClient(server.baseUri()).login(user.username(), PASSWORD), 403,
                "ACCOUNT_DISABLED");

        admin.setUserEnabled(user.id(), true);
        assertThat(new ApiClient(server.baseUri()).login(user.username(), PASSWORD).user().id()).isEqualTo(user.id());
    }

    @Test
    void signingOutClosesThatSessionsStreamAtOnceAndOnlyThat() throws Exception {
        AdminUser user = user(Role.ADVISOR);
        ApiClient leaving = new ApiClient(server.baseUri());
        leaving.login(user.username(), PASSWORD);
        ApiClient staying = new ApiClient(server.baseUri());
        staying.login(user.username(), PASSWORD);
        CompletableFuture<Throwable> leavingClosed = new CompletableFuture<>();
        CompletableFuture<Throwable> stayingClosed = new CompletableFuture<>();
        leaving.openEvents(e -> { }, leavingClosed::complete);
        staying.openEvents(e -> { }, stayingClosed::complete);

        leaving.logout();

        Poll.until("the signed-out session's stream closes", AT_ONCE, leavingClosed::isDone);
        assertThat(stayingClosed).isNotDone();
        assertThat(staying.appointments(LocalDate.now())).isEmpty();
    }

    @Test
    void anExpiredSessionsStreamIsClosed(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T08:00:00Z"));
        AdminCli.firstAdmin(dir, "Team Uhr", "uhr.admin", ADMIN_PASSWORD);
        try (ConsultationServer timed = ConsultationServer.create(ServerOptions.builder(dir).publicUrl(TestServers.PUBLIC_URL).clock(clock)
                .sessionIdle(Duration.ofDays(1)) // this test is about the lifetime; idling out: SignInGuardTest
                .build()).start()) {
            ApiClient client = new ApiClient(timed.baseUri());
            client.login("uhr.admin", ADMIN_PASSWORD);
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            List<ServerEvent> events = new CopyOnWriteArrayList<>();
            client.openEvents(events::add, closed::complete);
            Poll.until("the stream says hello", AT_ONCE, () -> !events.isEmpty());

            clock.advance(AccountStore.SESSION_LIFETIME.minusMinutes(1));
            timed.closeEndedStreams();
            assertThat(closed).isNotDone();

            clock.advance(Duration.ofMinutes(2));
            timed.closeEndedStreams();
            Poll.until("the expired session's stream closes", AT_ONCE, closed::isDone);
        }
    }

    @Test
    void aRoleChangeEndsTheUsersSessionsAndTheNextSignInHasTheNewRole() throws Exception {
        AdminUser user = user(Role.ADVISOR);
        ApiClient client = new ApiClient(server.baseUri());
        String token = client.login(user.username(), PASSWORD).token();
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        client.openEvents(e -> { }, closed::complete);

        AdminUser changed = admin.changeUser(user.id(), new UserChange(Role.TEAM_LEAD, null, null));

        assertThat(changed.role()).isEqualTo(Role.TEAM_LEAD);
        Poll.until("the stream of the old role closes", AT_ONCE, closed::isDone);
        assertThat(raw("GET", "api/v1/appointments?date=" + LocalDate.now(), null, token).statusCode())
                .isEqualTo(401);
        assertThat(new ApiClient(server.baseUri()).login(user.username(), PASSWORD).user().role())
                .isEqualTo(Role.TEAM_LEAD);
    }

    @Test
    void anAdminCannotLockThemselfOut() throws Exception {
        long self = admin.adminUsers().stream().filter(u -> u.username().equals("it.admin")).findFirst()
                .orElseThrow().id();
        assertRefused(() -> admin.setUserEnabled(self, false), 409, "OWN_ACCOUNT");
        assertRefused(() -> admin.changeUser(self, new UserChange(Role.ADVISOR, null, null)), 409, "OWN_ACCOUNT");
    }

    @Test
    void aResetPasswordMustBeReplacedBeforeAnythingElse() throws Exception {
        AdminUser user = user(Role.ADVISOR);
        TemporaryPassword temporary = admin.resetPassword(user.id());
        assertThat(temporary.password()).hasSizeGreaterThanOrEqualTo(PasswordPolicy.MIN_LENGTH);
        assertRefused(() -> new ApiClient(server.baseUri()).login(user.username(), PASSWORD), 401,
                "BAD_CREDENTIALS");

        ApiClient client = new ApiClient(server.baseUri());
        SessionResponse session = client.login(user.username(), temporary.password());
        assertThat(session.mustChangePassword()).isTrue();
        assertThat(admin.adminUsers()).filteredOn(u -> u.id() == user.id()).singleElement()
                .satisfies(u -> assertThat(u.mustChangePassword()).isTrue());
        HttpResponse<String> blocked = raw("GET", "api/v1/appointments?date=" + LocalDate.now(), null,
                session.token());
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(error(blocked)).isEqualTo("PASSWORD_CHANGE_REQUIRED");
        assertThatThrownBy(() -> client.openEvents(e -> { }, e -> { }))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertRefused(() -> client.changePassword(temporary.password(), "zu kurz"), 400, "WEAK_PASSWORD");
        assertRefused(() -> client.changePassword("falsch falsch falsch", "mein eigenes Passwort"), 403,
                "WRONG_PASSWORD");

        client.changePassword(temporary.password(), "mein eigenes Passwort");

        assertThat(client.appointments(LocalDate.now())).isEmpty();
        SessionResponse again = new ApiClient(server.baseUri()).login(user.username(), "mein eigenes Passwort");
        assertThat(again.mustChangePassword()).isFalse();
    }

    @Test
    void aServiceTokenOpensOnlyWhatServiceAccountsMayAndStopsWhenRevoked() throws Exception {
        NewServiceToken created = admin.addServiceToken("Terminplanung " + NEXT.incrementAndGet());
        assertThat(created.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(admin.serviceTokens()).filteredOn(t -> t.id() == created.id()).singleElement()
                .satisfies(t -> {
                    assertThat(t.name()).isEqualTo(created.name());
                    assertThat(t.revokedAt()).isNull();
                });
        // Not in the user list, and no way into the app.
        assertThat(admin.adminUsers()).extracting(AdminUser::role).doesNotContain(Role.SERVICE);
        assertRefused(() -> new ApiClient(server.baseUri()).login("service:" + created.name(), created.token()),
                401, "BAD_CREDENTIALS");

        HttpResponse<String> day = raw("GET", "api/v1/appointments?date=" + LocalDate.now(), null, created.token());
        assertThat(day.statusCode()).isEqualTo(403);
        assertThat(raw("GET", "api/v1/team/appointments?date=" + LocalDate.now(), null, created.token())
                .statusCode()).isEqualTo(403);
        assertThat(raw("GET", "api/v1/ice-servers", null, created.token()).statusCode()).isEqualTo(403);

        admin.revokeServiceToken(created.id());

        assertThat(raw("GET", "api/v1/appointments?date=" + LocalDate.now(), null, created.token()).statusCode())
                .isEqualTo(401);
        assertThat(admin.serviceTokens()).filteredOn(t -> t.id() == created.id()).singleElement()
                .satisfies(t -> assertThat(t.revokedAt()).isNotNull());
        assertRefused(() -> admin.addServiceToken(created.name()), 409, "NAME_TAKEN");
    }

    /** A new user of {@code role} in the test's team, password {@link #PASSWORD}. */
    static AdminUser user(Role role) throws ApiException {
        return admin.addUser(new NewUser("u" + NEXT.incrementAndGet() + "." + role.name().toLowerCase(),
                "Nutzer " + NEXT.get(), role, team.id(), PASSWORD));
    }

    static String signedIn(AdminUser user) throws ApiException {
        return new ApiClient(server.baseUri()).login(user.username(), PASSWORD).token();
    }


    static HttpResponse<String> raw(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String error(HttpResponse<String> response) throws Exception {
        return Json.mapper().readValue(response.body(), Map.class).get("error").toString();
    }
}
