-- The invitations' outbox (docs/invitations.md): one row per message to a customer, written in the same
-- transaction as the appointment change that calls for it, sent by the server's outbox worker.
-- Times are epoch milliseconds (UTC). The row holds no text and no address: both are read from the
-- appointment when the message is sent, so a deleted appointment leaves nothing personal here.
CREATE TABLE invitation_outbox (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointment (id),
    kind            TEXT NOT NULL CHECK (kind IN ('INVITATION', 'UPDATE', 'CANCELLATION', 'REMINDER')),
    medium          TEXT NOT NULL CHECK (medium IN ('MAIL', 'SMS')),
    -- The iCalendar SEQUENCE the message carries (0 for the first invitation, +1 per reschedule/cancel).
    sequence        INTEGER NOT NULL,
    -- PENDING: to send at next_attempt_at; SENT: accepted by the mail server / gateway;
    -- FAILED: refused for good (reason in last_error); DROPPED: no longer wanted (rescheduled, cancelled, past).
    state           TEXT NOT NULL CHECK (state IN ('PENDING', 'SENT', 'FAILED', 'DROPPED')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- A reason code (docs/invitations.md), never a server's reply text: those can quote the address.
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX invitation_outbox_due ON invitation_outbox (state, next_attempt_at);
CREATE INDEX invitation_outbox_by_appointment ON invitation_outbox (appointment_id);

-- What the customer was last told about each appointment; the planner compares the appointment with it.
CREATE TABLE invitation_plan (
    appointment_id INTEGER PRIMARY KEY REFERENCES appointment (id),
    sequence       INTEGER NOT NULL,
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL,
    cancelled      INTEGER NOT NULL DEFAULT 0
);

-- The invitation state the queue shows: the newest invitation, update or cancellation that is still wanted,
-- the mail before the SMS.
CREATE VIEW invitation_status AS
SELECT o.appointment_id, o.state, o.last_error AS reason, o.updated_at AS at
FROM invitation_outbox o
WHERE o.id = (SELECT x.id FROM invitation_outbox x
              WHERE x.appointment_id = o.appointment_id AND x.kind <> 'REMINDER' AND x.state <> 'DROPPED'
              ORDER BY x.sequence DESC, x.medium = 'MAIL' DESC, x.id DESC LIMIT 1);
