package de.videoberatung.server;

import de.videoberatung.testsupport.TestServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Role;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code server admin} command (in-process, standard input given) on an empty data folder, on a
 * stopped server's data and beside a server running on the same data.
 */
class AdminCliTest {

    static final String PASSWORD = "ein sicheres Passwort";
    static final Duration STREAM_CHECK = Duration.ofMillis(200);

    @TempDir
    Path data;

    @Test
    void theFirstAdminIsMadeOnAnEmptyFolderAndSignsInToTheServer() throws Exception {
        assertThat(AdminCli.ok(data, "", "add-team", "Team Nord")).contains("Team Nord");
        String added = AdminCli.ok(data, PASSWORD + "\n", "add-user", "it.admin", "--name", "Ina Admin",
                "--role", "ADMIN", "--team", "Team Nord");
        assertThat(added).contains("it.admin").doesNotContain(PASSWORD);

        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).build()).start()) {
            SessionResponse session = new ApiClient(server.baseUri()).login("it.admin", PASSWORD);
            assertThat(session.user().role()).isEqualTo(Role.ADMIN);
            assertThat(session.user().displayName()).isEqualTo("Ina Admin");
        }
    }

    @Test
    void optionsMayAlsoFollowTheSubCommandAndRolesAreCaseInsensitive() {
        AdminCli.ok(data, "", "add-team", "Team Ost");
        AdminCli.Result result = AdminCli.run(Path.of("nicht-benutzt"), PASSWORD + "\n", "add-user", "b.ost",
                "--name", "Bernd Ost", "--role", "advisor", "--team", "Team Ost", "--data", data.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(AdminCli.ok(data, "", "list-users")).contains("b.ost", "ADVISOR", "Bernd Ost", "Team Ost");
    }

    @Test
    void refusalsSayWhyAndExitWithOneAndUsageErrorsWithTwo() {
        AdminCli.ok(data, "", "add-team", "Team Nord");
        AdminCli.Result weak = AdminCli.run(data, "kurz\n", "add-user", "a.b", "--name", "A B", "--role",
                "ADVISOR", "--team", "Team Nord");
        assertThat(weak.code()).isEqualTo(AdminCommand.REFUSED);
        assertThat(weak.err()).contains("at least 10 characters").doesNotContain("kurz");

        AdminCli.Result noTeam = AdminCli.run(data, PASSWORD + "\n", "add-user", "a.b", "--name", "A B",
                "--role", "ADVISOR", "--team", "Team Nirgends");
        assertThat(noTeam.code()).isEqualTo(AdminCommand.REFUSED);
        assertThat(noTeam.err()).contains("Team Nirgends", "add-team");

        AdminCli.Result noPassword = AdminCli.run(data, "", "add-user", "a.b", "--name", "A B", "--role",
                "ADVISOR", "--team", "Team Nord");
        assertThat(noPassword.code()).isEqualTo(AdminCommand.REFUSED);
        assertThat(noPassword.err()).contains("standard input");

        assertThat(AdminCli.run(data, "", "add-team", "Team Nord").code()).isEqualTo(AdminCommand.REFUSED);
        assertThat(AdminCli.run(data, "", "disable-user", "niemand").err()).contains("No user niemand");

        AdminCli.Result badRole = AdminCli.run(data, PASSWORD + "\n", "add-user", "a.b", "--name", "A B",
                "--role", "CHEF", "--team", "Team Nord");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("CHEF");
        assertThat(AdminCli.run(data, "", "add-user", "a.b").code()).isEqualTo(2);
        assertThat(AdminCli.run(data, "", "delete-everything").code()).isEqualTo(2);
        assertThat(AdminCli.ok(data, "", "list-users")).doesNotContain("a.b");
    }

    @Test
    void besideARunningServerDisablingEndsTheUsersSessionAndStream() throws Exception {
        AdminCli.firstAdmin(data, "Team Nord", "it.admin", PASSWORD);
        // The periodic check the test waits for, made short: the test is about what it finds, not how often.
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data)
                .publicUrl(TestServers.PUBLIC_URL).streamCheck(STREAM_CHECK).build()).start()) {
            // Made while the server runs, on the same SQLite file.
            AdminCli.ok(data, PASSWORD + "\n", "add-user", "b.nord", "--name", "Berta Nord", "--role", "ADVISOR",
                    "--team", "Team Nord");
            ApiClient advisor = new ApiClient(server.baseUri());
            advisor.login("b.nord", PASSWORD);
            CompletableFuture<Throwable> closed = new CompletableFuture<>();
            advisor.openEvents(e -> { }, closed::complete);
            assertThat(advisor.appointments(LocalDate.now())).isEmpty();

            assertThat(AdminCli.ok(data, "", "disable-user", "b.nord")).contains("disabled");

            assertThatThrownBy(() -> advisor.appointments(LocalDate.now()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
            // Another process changed the data: the server's periodic check closes the stream.
            Poll.until("the stream of the user disabled by the command closes",
                    STREAM_CHECK.plus(Duration.ofSeconds(10)), closed::isDone);
            assertThat(AdminCli.ok(data, "", "list-users")).containsPattern("b\\.nord .*disabled");

            AdminCli.ok(data, "", "enable-user", "b.nord");
            assertThat(new ApiClient(server.baseUri()).login("b.nord", PASSWORD).user().username())
                    .isEqualTo("b.nord");
        }
    }

    @Test
    void resetPasswordSetsAOneTimePasswordTheUserMustReplace() throws Exception {
        AdminCli.firstAdmin(data, "Team Nord", "it.admin", PASSWORD);
        AdminCli.ok(data, PASSWORD + "\n", "add-user", "b.nord", "--name", "Berta Nord", "--role", "ADVISOR",
                "--team", "Team Nord");
        AdminCli.ok(data, "einmal-Passwort-123\n", "reset-password", "b.nord");
        assertThat(AdminCli.ok(data, "", "list-users")).containsPattern("b\\.nord .*password reset");

        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).build()).start()) {
            ApiClient client = new ApiClient(server.baseUri());
            assertThatThrownBy(() -> client.login("b.nord", PASSWORD)).isInstanceOf(ApiException.class);
            SessionResponse session = client.login("b.nord", "einmal-Passwort-123");
            assertThat(session.mustChangePassword()).isTrue();
            client.changePassword("einmal-Passwort-123", "Bertas eigenes Passwort");
            assertThat(new ApiClient(server.baseUri()).login("b.nord", "Bertas eigenes Passwort")
                    .mustChangePassword()).isFalse();
        }
    }
}
