package de.videoberatung.testsupport;

import de.videoberatung.server.AdminCommand;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real {@code server admin} command, run in-process on a data folder with a given standard input. */
public final class AdminCli {

    /** What the command printed and its exit code. */
    public record Result(int code, String out, String err) {
    }

    private AdminCli() {
    }

    /** Runs {@code server admin --data DATA ARGS...} with {@code stdin} as standard input (no terminal). */
    public static Result run(Path data, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--data", data.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCommand.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err), null);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a command that must succeed. */
    public static String ok(Path data, String stdin, String... args) {
        Result result = run(data, stdin, args);
        if (result.code() != 0) {
            throw new AssertionError("server admin " + String.join(" ", args) + " failed with " + result.code()
                    + ": " + result.err());
        }
        return result.out();
    }

    /** A team and its first admin, as an operator makes them on an empty data folder. */
    public static void firstAdmin(Path data, String team, String username, String password) {
        ok(data, "", "add-team", team);
        ok(data, password + "\n", "add-user", username, "--name", "Erste Administration", "--role", "ADMIN",
                "--team", team);
    }
}
