-- The customer's consent to the video consultation, given on the join page before any camera opens.
-- Times are epoch milliseconds (UTC). One row per consent given (a customer may consent again after a reload).
CREATE TABLE call_consent (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment (id),
    text_version   TEXT NOT NULL,
    consented_at   INTEGER NOT NULL
);
CREATE INDEX call_consent_by_appointment ON call_consent (appointment_id);

-- The customer's device check as reported by their browser (the latest one is also in appointment.customer_check).
CREATE TABLE call_device_check (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment (id),
    camera         INTEGER NOT NULL,
    microphone     INTEGER NOT NULL,
    speaker        INTEGER NOT NULL,
    connection     TEXT NOT NULL,
    checked_at     INTEGER NOT NULL
);

-- What happened in a call, for support and statistics. No personal data: no names, no SDP, no addresses.
CREATE TABLE call_log (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment (id),
    event          TEXT NOT NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX call_log_by_appointment ON call_log (appointment_id);
