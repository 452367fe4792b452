-- Case notes written on this machine or pulled from the server, and the outbox of changes not yet pushed.
-- Every local change writes local_note and a note_outbox row in one transaction.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE local_note (
    id                    TEXT PRIMARY KEY,
    user_id               INTEGER NOT NULL,
    appointment_id        INTEGER NOT NULL,
    customer_number       TEXT,
    appointment_starts_at INTEGER,
    corrects_note_id      TEXT,
    text                  TEXT NOT NULL,
    concern               TEXT NOT NULL,
    outcome               TEXT NOT NULL,
    agreements            TEXT NOT NULL,
    follow_up             TEXT,
    finalised             INTEGER NOT NULL DEFAULT 0,
    finalised_at          INTEGER,
    deleted               INTEGER NOT NULL DEFAULT 0,
    -- The server revision the local state was edited from (0: never on the server).
    revision              INTEGER NOT NULL DEFAULT 0,
    -- Counts local changes; synced_version is the last one the server confirmed.
    local_version         INTEGER NOT NULL DEFAULT 0,
    synced_version        INTEGER NOT NULL DEFAULT 0,
    -- JSON list of the other versions the server keeps while the note is in conflict; NULL otherwise.
    conflicts             TEXT,
    -- The server's error code when it refused this note's last change for good.
    rejected_code         TEXT,
    -- The last state the server sent (JSON NoteDto).
    server_json           TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX local_note_by_appointment ON local_note (user_id, appointment_id);
CREATE INDEX local_note_by_customer ON local_note (user_id, customer_number, appointment_starts_at);

CREATE TABLE note_outbox (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id       TEXT NOT NULL UNIQUE,
    note_id           TEXT NOT NULL REFERENCES local_note (id),
    local_version     INTEGER NOT NULL,
    resolves_conflict INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    -- The server's error code if it refused this change; parked rows are not sent again.
    parked            TEXT
);
CREATE INDEX note_outbox_by_note ON note_outbox (note_id, local_version);
