package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.videoberatung.api.Role;
import de.videoberatung.db.SqliteDatabase;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V10 rebuilds the account table (SQLite cannot alter its role CHECK): a database made before it keeps every
 * account id, so sessions, appointments and notes still point at the same people, and ADMIN rows can be added.
 */
class AccountMigrationTest {

    @TempDir
    Path dir;

    @Test
    void accountsKeepTheirIdsAndReferencesAndAdminsCanBeAdded() throws Exception {
        Path file = dir.resolve("server.db");
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/server").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO team (id, name) VALUES (7, 'Team Alt')");
            st.executeUpdate("INSERT INTO account (id, username, display_name, role, team_id, password_hash) "
                    + "VALUES (41, 'b.alt', 'Berta Alt', 'ADVISOR', 7, 'x'), (42, 't.alt', 'Tina Alt', 'TEAM_LEAD', 7, NULL)");
            st.executeUpdate("INSERT INTO session (token_hash, account_id, expires_at) VALUES ('h', 41, 9999999999999)");
            st.executeUpdate("INSERT INTO appointment (id, advisor_id, team_id, customer_name, customer_number, topic, "
                    + "channel, starts_at, ends_at, status, updated_at) VALUES (5, 41, 7, 'K', '123A456789', 'T', "
                    + "'PHONE', 1, 2, 'SCHEDULED', 1)");
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO account (username, display_name, role, team_id) "
                    + "VALUES ('a.alt', 'A', 'ADMIN', 7)")).hasMessageContaining("CHECK");
        }

        try (SqliteDatabase db = SqliteDatabase.open(file, "db/server")) {
            AccountStore accounts = new AccountStore(db, new Tokens(new SecureRandom()), Clock.systemUTC());
            Account berta = accounts.byId(41).orElseThrow();
            assertThat(berta.username()).isEqualTo("b.alt");
            assertThat(berta.teamId()).isEqualTo(7);
            assertThat(berta.directory()).isFalse();
            assertThat(berta.disabled()).isFalse();
            assertThat(accounts.byTokenHash("h")).map(Account::id).contains(41L);
            assertThat(accounts.byId(42).orElseThrow().role()).isEqualTo(Role.TEAM_LEAD);
            long admin = accounts.createAccount("a.neu", "Admin Neu", Role.ADMIN, 7, "x");
            assertThat(accounts.byId(admin).orElseThrow().role()).isEqualTo(Role.ADMIN);
            int advisorOfAppointment = db.read(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT a.id FROM appointment p JOIN account a "
                             + "ON a.id = p.advisor_id WHERE p.id = 5")) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            });
            assertThat(advisorOfAppointment).isEqualTo(41);
            // Foreign keys still hold against the rebuilt table.
            boolean violations = db.read(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                    return rs.next();
                }
            });
            assertThat(violations).isFalse();
        }
    }

    @Test
    void thePasswordPolicyWantsTenCharactersAndNotTheUserName() {
        assertThat(PasswordPolicy.problem("b.neu", "neun12345")).isPresent();
        assertThat(PasswordPolicy.problem("b.neu", "zehn123456")).isEmpty();
        assertThat(PasswordPolicy.problem("b.neu", "xxB.NEUxxxx")).isPresent();
        assertThat(PasswordPolicy.problem("b.neu", "          ")).isPresent();
        assertThat(PasswordPolicy.problem("b.neu", null)).isPresent();
        // Characters, not bytes or UTF-16 units: ten umlauts or emoji are ten characters.
        assertThat(PasswordPolicy.problem("b.neu", "äöüäöüäöüä")).isEmpty();
        assertThat(PasswordPolicy.problem("b.neu", "😀😀😀😀😀")).isPresent();
    }
}
