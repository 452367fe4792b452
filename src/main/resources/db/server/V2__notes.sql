-- Case notes: the master copy. Times are epoch milliseconds (UTC).
-- A note is never removed: deletion sets deleted_at (a tombstone) and every version stays in note_change.
CREATE TABLE note (
    id                TEXT PRIMARY KEY,
    appointment_id    INTEGER NOT NULL REFERENCES appointment (id),
    advisor_id        INTEGER NOT NULL REFERENCES account (id),
    corrects_note_id  TEXT REFERENCES note (id),
    revision          INTEGER NOT NULL,
    -- Server-wide change sequence: every change of any note takes the next number. Pull cursors are these.
    seq               INTEGER NOT NULL UNIQUE,
    text              TEXT NOT NULL,
    concern           TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    agreements        TEXT NOT NULL,
    follow_up         TEXT,
    finalised_at      INTEGER,
    deleted_at        INTEGER,
    -- JSON list of other devices' versions after concurrent edits; NULL when not in conflict.
    conflicts         TEXT,
    last_device       TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX note_by_advisor_seq ON note (advisor_id, seq);
CREATE INDEX note_by_appointment ON note (appointment_id);

-- The audit trail: every revision, who made it from which device, and the content it wrote.
CREATE TABLE note_change (
    id          INTEGER PRIMARY KEY,
    note_id     TEXT NOT NULL REFERENCES note (id),
    revision    INTEGER NOT NULL,
    action      TEXT NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES account (id),
    device_id   TEXT NOT NULL,
    mutation_id TEXT NOT NULL,
    fields      TEXT NOT NULL,
    content     TEXT,
    client_time INTEGER,
    at          INTEGER NOT NULL,
    UNIQUE (note_id, revision)
);

-- Mutation ids already applied, so a retried push changes nothing.
CREATE TABLE note_mutation (
    mutation_id TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES account (id),
    note_id     TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    applied_at  INTEGER NOT NULL
);
