-- The last known state of each day's queue, so the app can show it while the server is unreachable.
-- Times are epoch milliseconds (UTC); days are ISO dates (YYYY-MM-DD) in the advisor's time zone.
CREATE TABLE cached_day (
    user_id    INTEGER NOT NULL,
    day        TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, day)
);

CREATE TABLE cached_appointment (
    user_id   INTEGER NOT NULL,
    id        INTEGER NOT NULL,
    day       TEXT    NOT NULL,
    starts_at INTEGER NOT NULL,
    json      TEXT    NOT NULL,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX cached_appointment_by_day ON cached_appointment (user_id, day, starts_at);
