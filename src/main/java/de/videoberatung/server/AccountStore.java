package de.videoberatung.server;

import de.videoberatung.api.Role;
import de.videoberatung.api.Team;
import de.videoberatung.db.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Teams, accounts and login sessions (and the bearer tokens of service accounts: {@link ServiceTokens}). */
final class AccountStore {

    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** A session's last use is written at most this often: not one write per request. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

    private final SqliteDatabase db;
    private final Tokens tokens;
    private final Clock clock;
    private final Duration idle;

    AccountStore(SqliteDatabase db, Tokens tokens, Clock clock) {
        this(db, tokens, clock, SESSION_LIFETIME);
    }

    /** {@code idle}: a session whose token was not used for this long is over ({@code session.idle}). */
    AccountStore(SqliteDatabase db, Tokens tokens, Clock clock, Duration idle) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
        this.idle = idle;
    }

    /** Replaces an account's stored password hash (a re-hash with today's cost at sign-in). */
    void replacePasswordHash(long accountId, String passwordHash) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE account SET password_hash = ? WHERE id = ?")) {
                ps.setString(1, passwordHash);
                ps.setLong(2, accountId);
                return ps.executeUpdate();
            }
        });
    }

    long createTeam(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO team (name) VALUES (?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.executeUpdate();
                return generatedId(ps);
            }
        });
    }

    Optional<Team> teamByName(String name) {
        return teams().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    Optional<Team> teamById(long id) {
        return teams().stream().filter(t -> t.id() == id).findFirst();
    }

    /** Every team, by name. */
    List<Team> teams() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM team ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                List<Team> teams = new ArrayList<>();
                while (rs.next()) {
                    teams.add(new Team(rs.getLong("id"), rs.getString("name")));
                }
                return teams;
            }
        });
    }

    /**
     * A local account ({@code passwordHash} null: it cannot sign in with a password).
     *
     * @param teamId 0 for none (service accounts only)
     */
    long createAccount(String username, String displayName, Role role, long teamId, String passwordHash) {
        return insertAccount(username, displayName, role, teamId, passwordHash, false);
    }

    private long insertAccount(String username, String displayName, Role role, long teamId, String passwordHash,
                               boolean directory) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO account (username, display_name, role, team_id, password_hash, source) "
                            + "VALUES (?,?,?,?,?,?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, username);
                ps.setString(2, displayName);
                ps.setString(3, role.name());
                if (teamId == 0) {
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setLong(4, teamId);
                }
                ps.setString(5, passwordHash);
                ps.setString(6, directory ? "DIRECTORY" : "LOCAL");
                ps.executeUpdate();
                return generatedId(ps);
            }
        });
    }

    /**
     * A directory user as the directory describes them at this sign-in: created on the first, name, role and
     * team updated on every later one (a disabled account stays disabled).
     */
    Account syncDirectoryAccount(String username, String displayName, Role role, long teamId) {
        Optional<Account> existing = byUsername(username);
        if (existing.isEmpty()) {
            return byId(insertAccount(username, displayName, role, teamId, null, true)).orElseThrow();
        }
        long id = existing.get().id();
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE account SET display_name = ?, role = ?, "
                    + "team_id = ?, source = 'DIRECTORY', password_hash = NULL WHERE id = ?")) {
                ps.setString(1, displayName);
                ps.setString(2, role.name());
                if (teamId == 0) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setLong(3, teamId);
                }
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
        return byId(id).orElseThrow();
    }

    /** Every account except service accounts, by username. */
    List<Account> users() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM account WHERE role <> 'SERVICE' ORDER BY username");
                 ResultSet rs = ps.executeQuery()) {
                List<Account> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(account(rs));
                }
                return all;
            }
        });
    }

    /** Changes role, team and name of a user ({@code null}: unchanged). */
    void update(long id, Role role, Long teamId, String displayName) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE account SET role = COALESCE(?, role), "
                    + "team_id = COALESCE(?, team_id), display_name = COALESCE(?, display_name) WHERE id = ?")) {
                ps.setString(1, role == null ? null : role.name());
                if (teamId == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setLong(2, teamId);
                }
                ps.setString(3, displayName);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Disables (and ends every session of) or enables an account. */
    void setDisabled(long id, boolean disabled) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE account SET disabled_at = ? WHERE id = ?");
                 PreparedStatement sessions = c.prepareStatement("DELETE FROM session WHERE account_id = ?")) {
                if (disabled) {
                    ps.setLong(1, clock.millis());
                } else {
                    ps.setNull(1, Types.INTEGER);
                }
                ps.setLong(2, id);
                ps.executeUpdate();
                if (disabled) {
                    sessions.setLong(1, id);
                    sessions.executeUpdate();
                }
                return null;
            }
        });
    }

    /**
     * Sets a new local password hash.
     *
     * @param mustChange a reset: the user has to choose their own at the next sign-in, and the sessions they
     *                   hold end now
     */
    void setPassword(long id, String passwordHash, boolean mustChange) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE account SET password_hash = ?, must_change_password = ? WHERE id = ?");
                 PreparedStatement sessions = c.prepareStatement("DELETE FROM session WHERE account_id = ?")) {
                ps.setString(1, passwordHash);
                ps.setInt(2, mustChange ? 1 : 0);
                ps.setLong(3, id);
                ps.executeUpdate();
                if (mustChange) {
                    sessions.setLong(1, id);
                    sessions.executeUpdate();
                }
                return null;
            }
        });
    }

    Optional<Account> byUsername(String username) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM account WHERE username = ?")) {
                ps.setString(1, username);
                return one(ps);
            }
        });
    }

    Optional<Account> byId(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM account WHERE id = ?")) {
                ps.setLong(1, id);
                return one(ps);
            }
        });
    }

    /** The advisors of a team, by name. */
    List<Account> advisorsOfTeam(long teamId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM account WHERE team_id = ? AND role = 'ADVISOR' ORDER BY display_name, id")) {
                ps.setLong(1, teamId);
                List<Account> result = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(account(rs));
                    }
                }
                return result;
            }
        });
    }

    /** Opens a session and answers its bearer token; only the token's hash is stored. */
    String openSession(long accountId) {
        String token = tokens.next();
        long now = clock.millis();
        db.read(c -> {
            try (PreparedStatement purge = c.prepareStatement(
                    "DELETE FROM session WHERE expires_at < ? OR last_used_at < ?");
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO session (token_hash, account_id, expires_at, last_used_at) VALUES (?,?,?,?)")) {
                purge.setLong(1, now);
                purge.setLong(2, now - idle.toMillis());
                purge.executeUpdate();
                ps.setString(1, Tokens.sha256(token));
                ps.setLong(2, accountId);
                ps.setLong(3, now + SESSION_LIFETIME.toMillis());
                ps.setLong(4, now);
                return ps.executeUpdate();
            }
        });
        return token;
    }

    /** Ends every session of an account (the streams opened with them are closed by the caller). */
    void closeSessionsOf(long accountId) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM session WHERE account_id = ?")) {
                ps.setLong(1, accountId);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends a session: its token opens nothing any more. */
    void closeSession(String token) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM session WHERE token_hash = ?")) {
                ps.setString(1, Tokens.sha256(token));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The account a bearer token belongs to: a session's (not expired, used within {@code session.idle}) or a
     * service token's (not revoked); using a session counts as use.
     */
    Optional<Account> bySessionToken(String token) {
        String hash = Tokens.sha256(token);
        Optional<Account> account = byTokenHash(hash);
        if (account.isPresent()) {
            long now = clock.millis();
            db.read(c -> {
                touch(c, hash, now);
                return null;
            });
        }
        return account;
    }

    /**
     * The account a stored token hash opens, if it still opens one: the session has not expired, idled out or
     * ended, the service token has not been revoked, the account is not disabled. Does not count as use.
     */
    Optional<Account> byTokenHash(String tokenHash) {
        long now = clock.millis();
        return db.read(c -> {
            Optional<Account> account;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.* FROM session s JOIN account a ON a.id = s.account_id "
                            + "WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_used_at > ? "
                            + "AND a.disabled_at IS NULL "
                            + "UNION ALL SELECT a.* FROM service_token t JOIN account a ON a.id = t.account_id "
                            + "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL")) {
                ps.setString(1, tokenHash);
                ps.setLong(2, now);
                ps.setLong(3, now - idle.toMillis());
                ps.setString(4, tokenHash);
                account = one(ps);
            }
            return account;
        });
    }

    /** Marks sessions as used now (an open event stream keeps its session alive). */
    void touchSessions(Collection<String> tokenHashes) {
        long now = clock.millis();
        db.read(c -> {
            for (String hash : tokenHashes) {
                touch(c, hash, now);
            }
            return null;
        });
    }

    private static void touch(Connection c, String hash, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE session SET last_used_at = ? WHERE token_hash = ? AND last_used_at < ?")) {
            ps.setLong(1, now);
            ps.setString(2, hash);
            ps.setLong(3, now - TOUCH_GRANULARITY.toMillis());
            ps.executeUpdate();
        }
    }

    private static Optional<Account> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(account(rs)) : Optional.empty();
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getLong("team_id"), rs.getString("password_hash"),
                "DIRECTORY".equals(rs.getString("source")), rs.getObject("disabled_at") != null,
                rs.getInt("must_change_password") != 0);
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }
}
