-- Appointments created in the app, by the scheduling system or by an import (docs/appointments.md).
ALTER TABLE appointment ADD COLUMN customer_email TEXT;
-- ISO 639-1 code of the customer's preferred language (e.g. 'tr'); NULL: German.
ALTER TABLE appointment ADD COLUMN customer_language TEXT;
-- The creator's own key (an iCalendar UID, a CSV row's id, the scheduling system's id): re-imports update.
ALTER TABLE appointment ADD COLUMN external_id TEXT;
-- Who created it (NULL: demo data or created before this column).
ALTER TABLE appointment ADD COLUMN created_by INTEGER REFERENCES account (id);
ALTER TABLE appointment ADD COLUMN cancel_reason TEXT;
CREATE UNIQUE INDEX appointment_by_external_id ON appointment (created_by, external_id)
    WHERE external_id IS NOT NULL;

-- Every creation and edit (reschedule, contact data), by whom and when; the times before and after, no
-- personal data. Status changes stay in appointment_status_log.
CREATE TABLE appointment_change_log (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment (id),
    action         TEXT NOT NULL,
    changed_by     INTEGER REFERENCES account (id),
    changed_at     INTEGER NOT NULL,
    starts_at      INTEGER NOT NULL,
    ends_at        INTEGER NOT NULL
);
CREATE INDEX appointment_change_log_by_appointment ON appointment_change_log (appointment_id);
