-- The accounts issue: an ADMIN role, service accounts (API tokens for a scheduling system), disabled accounts,
-- a forced password change after a reset, and accounts whose password lives in the directory (LDAP).
-- SQLite cannot alter a CHECK constraint: the table is rebuilt, keeping every id (Flyway's connection runs
-- without foreign-key enforcement, so the tables that reference account keep pointing at the same ids).
CREATE TABLE account_new (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('ADVISOR', 'TEAM_LEAD', 'ADMIN', 'SERVICE')),
    -- NULL only for service accounts, which belong to no team.
    team_id              INTEGER REFERENCES team (id),
    -- NULL: the account cannot sign in with a local password (demo colleagues, directory users, services).
    password_hash        TEXT,
    -- LOCAL: password here; DIRECTORY: password, role and team from LDAP at each sign-in.
    source               TEXT NOT NULL DEFAULT 'LOCAL' CHECK (source IN ('LOCAL', 'DIRECTORY')),
    disabled_at          INTEGER,
    must_change_password INTEGER NOT NULL DEFAULT 0
);
INSERT INTO account_new (id, username, display_name, role, team_id, password_hash)
    SELECT id, username, display_name, role, team_id, password_hash FROM account;
DROP TABLE account;
ALTER TABLE account_new RENAME TO account;

CREATE UNIQUE INDEX team_by_name ON team (name);

-- API tokens of service accounts: only a hash is stored, the token is shown once when it is made.
CREATE TABLE service_token (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES account (id),
    revoked_at INTEGER
);
