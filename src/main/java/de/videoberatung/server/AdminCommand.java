package de.videoberatung.server;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.NewUser;
import de.videoberatung.api.Role;
import de.videoberatung.api.Team;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.db.StorageException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code videoberatung server admin --data DIR add-team | add-user | disable-user | enable-user | reset-password |
 * list-users}: user administration on a server's data folder, stopped or running (SQLite in WAL mode lets this
 * process write beside the server; the server closes the event streams of a disabled user within
 * {@link ServerOptions#streamCheck()}, 10 s). The first admin is made this way. Passwords are read from standard
 * input, one line (from the terminal without echo), never from the command line. The rules are the admin API's
 * ({@link AdminService}).
 *
 * <p>Exit codes: 0 done, 1 refused (the message says why), 2 wrong command line. Each sub-command is a method
 * (picocli adds the {@code @Command} methods as sub-commands).
 */
@Command(name = "videoberatung server admin", mixinStandardHelpOptions = true,
        description = "User administration on a server's data folder (the server may be running).")
public final class AdminCommand {

    static final int REFUSED = 1;

    @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the server's data folder (default: videoberatung-data)")
    Path data = Path.of("videoberatung-data");

    private final InputStream in;
    private final Console console;
    private PrintWriter out;

    private AdminCommand(InputStream in, Console console) {
        this.in = in;
        this.console = console;
    }

    /**
     * Runs one admin command and answers its exit code.
     *
     * @param console the terminal to read passwords from without echo; null: read one line from {@code in}
     */
    public static int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, Console console) {
        AdminCommand command = new AdminCommand(in, console);
        command.out = out;
        CommandLine cli = new CommandLine(command)
                .setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof ApiProblem problem) {
                        err.println("refused: " + problem.getMessage() + " (" + problem.code + ")");
                        return REFUSED;
                    }
                    if (e instanceof StorageException storage) {
                        err.println("cannot use the data folder " + command.data.toAbsolutePath() + ": "
                                + storage.getMessage());
                        return REFUSED;
                    }
                    throw e;
                });
        int code = cli.execute(args.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    /** Opens the data folder's database, runs {@code work} with the admin rules on it and closes it. */
    private <T> T withService(ServiceWork<T> work) {
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("server.db"), "db/server")) {
            SecureRandom random = new SecureRandom();
            Tokens tokens = new Tokens(random);
            Clock clock = Clock.systemUTC();
            AccountStore accounts = new AccountStore(db, tokens, clock);
            // This process holds no event streams: the running server closes those of a changed account itself.
            AdminService service = new AdminService(accounts, new ServiceTokens(db, accounts, tokens, clock),
                    new PasswordHasher(random, PasswordHasher.DEFAULT_ITERATIONS), new EventHub(), random);
            return work.run(service);
        }
    }

    @FunctionalInterface
    private interface ServiceWork<T> {
        T run(AdminService service);
    }

    /** One line from standard input (or the terminal, without echo). */
    private String readPassword(String prompt) {
        if (console != null) {
            char[] typed = console.readPassword("%s: ", prompt);
            if (typed == null) {
                throw ApiProblem.badRequest("NO_PASSWORD", "no password given on standard input");
            }
            return new String(typed);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw ApiProblem.badRequest("NO_PASSWORD", "no password given on standard input (one line)");
            }
            return line;
        } catch (IOException e) {
            throw ApiProblem.badRequest("NO_PASSWORD", "standard input unreadable: " + e.getMessage());
        }
    }

    @Command(name = "add-team", description = "Creates a team.")
    int addTeam(@Parameters(paramLabel = "NAME") String name) {
        Team team = withService(s -> s.addTeam(name));
        out.println("team \"" + team.name() + "\" created (id " + team.id() + ")");
        return 0;
    }

    @Command(name = "add-user", description = "Creates a user; their password is read from standard input.")
    int addUser(@Parameters(paramLabel = "USERNAME") String username,
                @Option(names = "--name", required = true, paramLabel = "\"Display Name\"") String displayName,
                @Option(names = "--role", required = true, paramLabel = "ADVISOR|TEAM_LEAD|ADMIN") Role role,
                @Option(names = "--team", required = true, paramLabel = "NAME") String team) {
        String password = readPassword("Password for " + username);
        AdminUser user = withService(s -> {
            Team found = s.teams().stream().filter(t -> t.name().equals(team)).findFirst()
                    .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_TEAM", "no team \"" + team
                            + "\" (create it with add-team)"));
            return s.addUser(new NewUser(username, displayName, role, found.id(), password));
        });
        out.println("user " + user.username() + " created (" + user.role() + ", " + user.teamName() + ")");
        return 0;
    }

    @Command(name = "disable-user", description = "Disables a user: their sessions end now.")
    int disableUser(@Parameters(paramLabel = "USERNAME") String username) {
        withService(s -> s.disable(null, s.byUsername(username).id()));
        out.println("user " + username + " disabled");
        return 0;
    }

    @Command(name = "enable-user", description = "Enables a disabled user again.")
    int enableUser(@Parameters(paramLabel = "USERNAME") String username) {
        withService(s -> s.enable(s.byUsername(username).id()));
        out.println("user " + username + " enabled");
        return 0;
    }

    @Command(name = "reset-password", description = "Sets a one-time password (read from standard input); "
            + "the user chooses their own at the next sign-in.")
    int resetPassword(@Parameters(paramLabel = "USERNAME") String username) {
        String password = readPassword("One-time password for " + username);
        withService(s -> {
            s.resetPassword(s.byUsername(username).id(), password);
            return null;
        });
        out.println("password of " + username + " reset; they choose a new one at the next sign-in");
        return 0;
    }

    @Command(name = "list-users", description = "Lists the users.")
    int listUsers() {
        List<AdminUser> users = withService(AdminService::users);
        out.printf("%-24s %-10s %-30s %-30s %s%n", "USERNAME", "ROLE", "NAME", "TEAM", "STATE");
        for (AdminUser u : users) {
            String state = u.disabled() ? "disabled" : u.mustChangePassword() ? "password reset"
                    : u.directory() ? "directory" : "active";
            out.printf("%-24s %-10s %-30s %-30s %s%n", u.username(), u.role(), u.displayName(), u.teamName(), state);
        }
        return 0;
    }
}
