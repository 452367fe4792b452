-- Times are epoch milliseconds (UTC).
CREATE TABLE team (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('ADVISOR', 'TEAM_LEAD')),
    team_id       INTEGER NOT NULL REFERENCES team (id),
    -- NULL: the account cannot log in.
    password_hash TEXT
);

-- Only a hash of each bearer token is stored: a copy of the database opens no session.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    expires_at INTEGER NOT NULL
);

CREATE TABLE appointment (
    id               INTEGER PRIMARY KEY,
    advisor_id       INTEGER NOT NULL REFERENCES account (id),
    team_id          INTEGER NOT NULL REFERENCES team (id),
    customer_name    TEXT NOT NULL,
    customer_number  TEXT NOT NULL,
    customer_phone   TEXT,
    topic            TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('VIDEO', 'PHONE', 'ON_SITE')),
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    status           TEXT NOT NULL,
    no_show_reason   TEXT,
    join_token       TEXT UNIQUE,
    waiting_since    INTEGER,
    customer_check   TEXT,
    call_started_at  INTEGER,
    call_ended_at    INTEGER,
    duration_seconds INTEGER,
    has_note         INTEGER NOT NULL DEFAULT 0,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX appointment_by_advisor ON appointment (advisor_id, starts_at);
CREATE INDEX appointment_by_team ON appointment (team_id, starts_at);

-- Every status change, by whom and when: a missed appointment can have legal consequences.
CREATE TABLE appointment_status_log (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment (id),
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    reason         TEXT,
    changed_by     INTEGER REFERENCES account (id),
    changed_at     INTEGER NOT NULL
);
