package de.videoberatung.server;

import de.videoberatung.api.AdminUser;
import de.videoberatung.api.NewServiceToken;
import de.videoberatung.api.NewUser;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServiceToken;
import de.videoberatung.api.Team;
import de.videoberatung.api.TemporaryPassword;
import de.videoberatung.api.UserChange;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of user administration, shared by the admin API and the {@code server admin} command line: what
 * a valid user name, team or role is, that an admin cannot lock themself out, and that an account whose
 * access changes loses its sessions and event streams at once.
 */
final class AdminService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}");
    private static final int MAX_NAME = 100;
    /** No 0/O, 1/l/I: a temporary password is read out or typed from a note. */
    private static final String TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int TEMPORARY_LENGTH = 14;

    private final AccountStore accounts;
    private final ServiceTokens serviceTokens;
    private final PasswordHasher hasher;
    private final EventHub events;
    private final SecureRandom random;

    AdminService(AccountStore accounts, ServiceTokens serviceTokens, PasswordHasher hasher, EventHub events,
                 SecureRandom random) {
        this.accounts = accounts;
        this.serviceTokens = serviceTokens;
        this.hasher = hasher;
        this.events = events;
        this.random = random;
    }

    List<Team> teams() {
        return accounts.teams();
    }

    Team addTeam(String name) {
        String trimmed = requireName(name, "name");
        if (accounts.teamByName(trimmed).isPresent()) {
            throw ApiProblem.conflict("TEAM_EXISTS", "A team with this name exists");
        }
        return new Team(accounts.createTeam(trimmed), trimmed);
    }

    List<AdminUser> users() {
        Map<Long, String> teams = teamNames();
        return accounts.users().stream().map(a -> view(a, teams)).toList();
    }

    AdminUser user(long id) {
        return view(existing(id), teamNames());
    }

    AdminUser addUser(NewUser user) {
        if (user.username() == null || !USERNAME.matcher(user.username()).matches()) {
            throw ApiProblem.badRequest("INVALID_USERNAME",
                    "User name: 2 to 64 letters, digits or . _ @ -, starting with a letter or digit");
        }
        String displayName = requireName(user.displayName(), "displayName");
        Role role = requireStaffRole(user.role());
        long teamId = requireTeam(user.teamId());
        PasswordPolicy.require(user.username(), user.password());
        if (accounts.byUsername(user.username()).isPresent()) {
            throw ApiProblem.conflict("USERNAME_TAKEN", "This user name is taken");
        }
        long id = accounts.createAccount(user.username(), displayName, role, teamId, hasher.hash(user.password()));
        return user(id);
    }

    /**
     * Changes role, team or name; a changed role or team ends the user's sessions (they sign in again and get
     * what the new role holds).
     */
    AdminUser change(Account caller, long id, UserChange change) {
        Account target = existing(id);
        Role role = change.role() == null ? null : requireStaffRole(change.role());
        Long teamId = change.teamId() == null ? null : requireTeam(change.teamId());
        String displayName = change.displayName() == null ? null : requireName(change.displayName(), "displayName");
        boolean accessChanges = (role != null && role != target.role())
                || (teamId != null && teamId != target.teamId());
        if (accessChanges && caller != null && caller.id() == id) {
            throw ApiProblem.conflict("OWN_ACCOUNT", "Admins cannot change their own role or team");
        }
        accounts.update(id, role, teamId, displayName);
        if (accessChanges) {
            endSessions(id);
        }
        return user(id);
    }

    /** Disables an account: its bearer tokens stop working and its event streams close, now. */
    AdminUser disable(Account caller, long id) {
        existing(id);
        if (caller != null && caller.id() == id) {
            throw ApiProblem.conflict("OWN_ACCOUNT", "Admins cannot disable their own account");
        }
        accounts.setDisabled(id, true);
        events.closeAccount(id);
        return user(id);
    }

    AdminUser enable(long id) {
        existing(id);
        accounts.setDisabled(id, false);
        return user(id);
    }

    /** A reset with a one-time password the server chooses (the admin API). */
    TemporaryPassword resetPassword(long id) {
        String password;
        Account target = existing(id);
        do {
            StringBuilder chosen = new StringBuilder();
            for (int i = 0; i < TEMPORARY_LENGTH; i++) {
                chosen.append(TEMPORARY_ALPHABET.charAt(random.nextInt(TEMPORARY_ALPHABET.length())));
            }
            password = chosen.toString();
        } while (PasswordPolicy.problem(target.username(), password).isPresent());
        resetPassword(id, password);
        return new TemporaryPassword(password);
    }

    /** A reset to a given one-time password (the command line reads it from standard input). */
    void resetPassword(long id, String password) {
        Account target = existing(id);
        if (target.directory()) {
            throw ApiProblem.conflict("DIRECTORY_ACCOUNT", "This user signs in with the directory's password");
        }
        PasswordPolicy.require(target.username(), password);
        accounts.setPassword(id, hasher.hash(password), true);
        events.closeAccount(id);
    }

    List<ServiceToken> serviceTokens() {
        return serviceTokens.list();
    }

    NewServiceToken addServiceToken(Account caller, String name) {
        return serviceTokens.create(requireName(name, "name"), caller.id());
    }

    void revokeServiceToken(long id) {
        serviceTokens.revoke(id);
    }

    Account byUsername(String username) {
        return accounts.byUsername(username)
                .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_USER", "No user " + username));
    }

    private void endSessions(long id) {
        accounts.closeSessionsOf(id);
        events.closeAccount(id);
    }

    private Account existing(long id) {
        return accounts.byId(id).filter(a -> !a.isService())
                .orElseThrow(() -> ApiProblem.notFound("UNKNOWN_USER", "No user " + id));
    }

    private long requireTeam(Long teamId) {
        if (teamId == null || accounts.teamById(teamId).isEmpty()) {
            throw ApiProblem.badRequest("UNKNOWN_TEAM", "Field 'teamId' must name an existing team");
        }
        return teamId;
    }

    private static Role requireStaffRole(Role role) {
        if (role == null || role == Role.SERVICE) {
            throw ApiProblem.badRequest("INVALID_ROLE", "Field 'role' must be ADVISOR, TEAM_LEAD or ADMIN");
        }
        return role;
    }

    private static String requireName(String value, String field) {
        if (value == null || value.isBlank() || value.strip().length() > MAX_NAME) {
            throw ApiProblem.badRequest("INVALID_BODY", "Field '" + field + "' needs 1 to " + MAX_NAME + " characters");
        }
        return value.strip();
    }

    private Map<Long, String> teamNames() {
        return accounts.teams().stream().collect(Collectors.toMap(Team::id, Team::name));
    }

    private static AdminUser view(Account a, Map<Long, String> teams) {
        return new AdminUser(a.id(), a.username(), a.displayName(), a.role(), a.teamId(),
                teams.getOrDefault(a.teamId(), ""), a.disabled(), a.directory(), a.mustChangePassword());
    }
}
