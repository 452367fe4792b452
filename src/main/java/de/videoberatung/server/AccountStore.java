package de.videoberatung.server;

import de.videoberatung.api.Role;
import de.videoberatung.db.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Teams, accounts and login sessions. */
final class AccountStore {

    static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final SqliteDatabase db;
    private final Tokens tokens;
    private final Clock clock;

    AccountStore(SqliteDatabase db, Tokens tokens, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
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
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM session WHERE expires_at < ?");
                 PreparedStatement ps = c.prepareStatement(
                         "INSERT INTO session (token_hash, account_id, expires_at) VALUES (?,?,?)")) {
                purge.setLong(1, now);
                purge.executeUpdate();
                ps.setString(1, Tokens.sha256(token));
                ps.setLong(2, accountId);
                ps.setLong(3, now + SESSION_LIFETIME.toMillis());
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

    /** The account a bearer token belongs to, if the session exists and has not expired. */
    Optional<Account> bySessionToken(String token) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT a.* FROM session s JOIN account a ON a.id = s.account_id "
                            + "WHERE s.token_hash = ? AND s.expires_at > ?")) {
                ps.setString(1, Tokens.sha256(token));
                ps.setLong(2, clock.millis());
                return one(ps);
            }
        });
    }

    private static Optional<Account> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(account(rs));
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getLong("team_id"), rs.getString("password_hash"));
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }
}
