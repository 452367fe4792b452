package de.videoberatung.server;

import de.videoberatung.api.NewServiceToken;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServiceToken;
import de.videoberatung.db.EpochMillis;
import de.videoberatung.db.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * API tokens of service accounts (the job centre's scheduling system): made by an admin, shown once, stored
 * as a SHA-256 hash, valid until revoked. {@link AccountStore#bySessionToken} accepts them as bearer tokens.
 * Each token has its own service account (named like the token), so the status log says which system acted.
 */
final class ServiceTokens {

    private final SqliteDatabase db;
    private final AccountStore accounts;
    private final Tokens tokens;
    private final Clock clock;

    ServiceTokens(SqliteDatabase db, AccountStore accounts, Tokens tokens, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Makes a service account named {@code name} and its token; the token is in the answer only. */
    NewServiceToken create(String name, long createdBy) {
        String username = "service:" + name;
        if (accounts.byUsername(username).isPresent()) {
            throw ApiProblem.conflict("NAME_TAKEN", "A service token with this name exists");
        }
        long accountId = accounts.createAccount(username, name, Role.SERVICE, 0, null);
        String token = tokens.next();
        long id = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO service_token (account_id, token_hash, created_at, created_by) VALUES (?,?,?,?)",
                    PreparedStatement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, accountId);
                ps.setString(2, Tokens.sha256(token));
                ps.setLong(3, clock.millis());
                ps.setLong(4, createdBy);
                ps.executeUpdate();
                return AccountStore.generatedId(ps);
            }
        });
        return new NewServiceToken(id, name, token);
    }

    List<ServiceToken> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id, a.display_name, t.created_at, t.revoked_at "
                    + "FROM service_token t JOIN account a ON a.id = t.account_id ORDER BY a.display_name");
                 ResultSet rs = ps.executeQuery()) {
                List<ServiceToken> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(new ServiceToken(rs.getLong(1), rs.getString(2), EpochMillis.read(rs, "created_at"),
                            EpochMillis.read(rs, "revoked_at")));
                }
                return all;
            }
        });
    }

    /** Revokes a token: it opens nothing from now on (idempotent). Answers its service account. */
    long revoke(long id) {
        return db.read(c -> {
            try (PreparedStatement find = c.prepareStatement("SELECT account_id FROM service_token WHERE id = ?");
                 PreparedStatement ps = c.prepareStatement(
                         "UPDATE service_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                find.setLong(1, id);
                long accountId;
                try (ResultSet rs = find.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.notFound("UNKNOWN_TOKEN", "No service token " + id);
                    }
                    accountId = rs.getLong(1);
                }
                ps.setLong(1, clock.millis());
                ps.setLong(2, id);
                ps.executeUpdate();
                return accountId;
            }
        });
    }
}
