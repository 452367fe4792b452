package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videoberatung server admin} as an operator runs it: a separate JVM started through the jar's main class,
 * the password piped to standard input, the exit code and output read back.
 */
class AdminCommandProcessIT {

    @TempDir
    Path data;

    record Run(int code, String out, String err) {
    }

    @Test
    void theFirstAdminIsMadeByTheRealCommandWithThePasswordOnStandardInput() throws Exception {
        assertThat(admin("", "add-team", "Team Nord").code()).isZero();
        Run added = admin("ein sicheres Passwort\n", "add-user", "it.admin", "--name", "Ina Admin", "--role",
                "ADMIN", "--team", "Team Nord");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("user it.admin created (ADMIN, Team Nord)");
        Run listed = admin("", "list-users");
        assertThat(listed.out()).containsPattern("it\\.admin +ADMIN +Ina Admin +Team Nord +active");
        assertThat(listed.out() + listed.err()).doesNotContain("ein sicheres Passwort");

        // Usage errors (2) and the other refusals: AdminCliTest, in-process.
        assertThat(admin("", "disable-user", "niemand").code()).isEqualTo(AdminCommand.REFUSED);
    }

    private Run admin(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "de.videoberatung.app.Launcher",
                "server", "admin", "--data", data.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        // Small outputs: read after the exit, the pipes do not fill.
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server admin " + String.join(" ", args) + " did not finish");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
