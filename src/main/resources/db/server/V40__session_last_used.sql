-- Idle expiry (session.idle): when a session's token was last used. Sessions open at the upgrade count as
-- used at their start (12 hours before they expire).
ALTER TABLE session ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
UPDATE session SET last_used_at = expires_at - 43200000;
