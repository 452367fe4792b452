package de.videoberatung.server;

import de.videoberatung.api.Role;
import de.videoberatung.db.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Teams, accounts and login sessions. */
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

    long createAccount(String username, String displayName, Role role, long teamId, String passwordHash) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO account (username, display_name, role, team_id, password_hash) VALUES (?,?,?,?,?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, username);
                ps.setString(2, displayName);
                ps.setString(3, role.name());
                ps.setLong(4, teamId);
                ps.setString(5, passwordHash);
                ps.executeUpdate();
                return generatedId(ps);
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
     * The account a bearer token belongs to, if the session exists, has not expired and was used within
     * {@code session.idle}; using it counts as use.
     */
    Optional<Account> bySessionToken(String token) {
        long now = clock.millis();
        String hash = Tokens.sha256(token);
        return db.read(c -> {
            Optional<Account> account;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.* FROM session s JOIN account a ON a.id = s.account_id "
                            + "WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_used_at > ?")) {
                ps.setString(1, hash);
                ps.setLong(2, now);
                ps.setLong(3, now - idle.toMillis());
                account = one(ps);
            }
            if (account.isPresent()) {
                touch(c, hash, now);
            }
            return account;
        });
    }

    /** Marks sessions as used now (an open event stream keeps its session alive). */
    void touchSessions(java.util.Collection<String> tokenHashes) {
        long now = clock.millis();
        db.read(c -> {
            for (String hash : tokenHashes) {
                touch(c, hash, now);
            }
            return null;
        });
    }

    private static void touch(java.sql.Connection c, String hash, long now) throws SQLException {
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
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                    Role.valueOf(rs.getString("role")), rs.getLong("team_id"), rs.getString("password_hash")));
        }
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }
}
