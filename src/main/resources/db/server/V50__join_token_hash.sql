-- Join tokens are looked up by their SHA-256 hash, like session tokens; the copy kept for showing the link to
-- the advisor is sealed with AES-GCM under the key in the data folder's join-link.key (docs/privacy.md).
-- Tokens still in join_token are moved at start-up (AppointmentStore.sealPlainJoinTokens: SQLite has no
-- SHA-256 in SQL); the column stays, always NULL, because SQLite cannot drop a UNIQUE column.
ALTER TABLE appointment ADD COLUMN join_token_hash TEXT;
ALTER TABLE appointment ADD COLUMN join_token_sealed TEXT;
CREATE UNIQUE INDEX appointment_by_join_token_hash ON appointment (join_token_hash);
