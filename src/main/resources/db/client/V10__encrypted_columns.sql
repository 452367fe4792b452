-- From here on the personal columns hold AES-GCM ciphertext ("v1:..."; db.FieldCipher) under the key the
-- operating system keeps for the user (store.StoreKey, docs/privacy.md): local_note's text, concern, outcome,
-- agreements, customer_number, conflicts, server_json and cached_appointment.json. Rows written before are
-- encrypted when the store is opened (LocalStore.encryptPlainRows; Flyway SQL cannot call AES).
-- The customer's notes are found by a keyed hash of the customer number instead of the number itself.
ALTER TABLE local_note ADD COLUMN customer_key TEXT;
DROP INDEX local_note_by_customer;
CREATE INDEX local_note_by_customer ON local_note (user_id, customer_key, appointment_starts_at);
