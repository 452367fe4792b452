package de.videoberatung.store;

import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app's own SQLite file in the user's application-data folder. It is the source the UI
 * reads; the network only feeds it. Its personal columns are encrypted with a key the operating system
 * protects for the signed-in user ({@link StoreKey}; docs/privacy.md).
 */
public final class LocalStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStore.class);
    public static final String FILE_NAME = "videoberatung.db";
    /** Columns holding ciphertext, table by table (V10). */
    private static final List<String[]> SEALED = List.of(
            new String[] {"local_note", "id", "text", "concern", "outcome", "agreements", "customer_number",
                    "conflicts", "server_json"},
            new String[] {"cached_appointment", "rowid", "json"});

    private final SqliteDatabase db;
    private final FieldCipher cipher;
    private final StoreKey.Source keySource;

    private LocalStore(SqliteDatabase db, FieldCipher cipher, StoreKey.Source keySource) {
        this.db = db;
        this.cipher = cipher;
        this.keySource = keySource;
    }

    /** Opens (and if needed creates, migrates and encrypts) the store in {@code dataDir}. */
    public static LocalStore open(Path dataDir) {
        SecureRandom random = new SecureRandom();
        StoreKey.Key key = StoreKey.obtain(dataDir, random, holdsSealedValues(dataDir.resolve(FILE_NAME)));
        LocalStore store = new LocalStore(SqliteDatabase.open(dataDir.resolve(FILE_NAME), "db/client"),
                FieldCipher.of(key.bytes(), random), key.source());
        store.encryptPlainRows();
        return store;
    }

    /** Whether the file already holds values sealed with some key (a store of V10 or later that has data). */
    private static boolean holdsSealedValues(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM local_note WHERE text LIKE 'v1:%' UNION ALL "
                     + "SELECT 1 FROM cached_appointment WHERE json LIKE 'v1:%' LIMIT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false; // no such tables yet: nothing sealed
        }
    }

    public SqliteDatabase database() {
        return db;
    }

    FieldCipher cipher() {
        return cipher;
    }

    /** Where the key is kept (DPAPI, the keyring or the fallback file). */
    public StoreKey.Source keySource() {
        return keySource;
    }

    /**
     * Encrypts values written before V10 (a store from an older version), then rebuilds the file so no
     * plain copy is left in free pages or the WAL. Finds nothing to do once done.
     */
    private void encryptPlainRows() {
        int changed = db.inTransaction(c -> {
            int n = 0;
            for (String[] t : SEALED) {
                n += encryptTable(c, t);
            }
            return n;
        });
        if (changed > 0) {
            db.read(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM");
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
            LOG.info("local store: {} values from an older version encrypted", changed);
        }
    }

    private int encryptTable(Connection c, String[] t) throws SQLException {
        String table = t[0];
        String key = t[1];
        List<String> columns = List.of(t).subList(2, t.length);
        boolean notes = "local_note".equals(table);
        List<Object[]> plain = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + key + ", " + String.join(", ", columns)
                + " FROM " + table); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[columns.size() + 1];
                row[0] = rs.getObject(1);
                boolean any = false;
                for (int i = 0; i < columns.size(); i++) {
                    row[i + 1] = rs.getString(i + 2);
                    any |= !FieldCipher.isSealed((String) row[i + 1]);
                }
                if (any) {
                    plain.add(row);
                }
            }
        }
        String set = String.join(" = ?, ", columns) + " = ?" + (notes ? ", customer_key = ?" : "");
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + set + " WHERE " + key + " = ?")) {
            for (Object[] row : plain) {
                int p = 1;
                for (int i = 1; i < row.length; i++) {
                    String v = (String) row[i];
                    ps.setString(p++, FieldCipher.isSealed(v) ? v : cipher.seal(v));
                }
                if (notes) {
                    String number = (String) row[1 + columns.indexOf("customer_number")];
                    ps.setString(p++, cipher.lookupHash(FieldCipher.isSealed(number) ? cipher.open(number) : number));
                }
                ps.setObject(p, row[0]);
                ps.executeUpdate();
            }
        }
        return plain.size();
    }

    /**
     * Wipes what this PC need not keep ({@code cache.days}): cached days before {@code firstKept} (a day in
     * {@code zone}) and their appointments, and notes of appointments before it that the server has (a note with
     * changes not yet pushed stays until it is pushed). Answers how many rows went.
     */
    public int wipeBefore(LocalDate firstKept, ZoneId zone) {
        long before = firstKept.atStartOfDay(zone).toInstant().toEpochMilli();
        String day = firstKept.toString();
        int wiped = db.inTransaction(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cached_appointment WHERE day < ?")) {
                ps.setString(1, day);
                n += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cached_day WHERE day < ?")) {
                ps.setString(1, day);
                n += ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM local_note WHERE appointment_starts_at < ? "
                    + "AND local_version = synced_version AND revision > 0 "
                    + "AND NOT EXISTS (SELECT 1 FROM note_outbox o WHERE o.note_id = local_note.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM local_note k WHERE k.corrects_note_id = local_note.id "
                    + "AND k.local_version <> k.synced_version)")) {
                ps.setLong(1, before);
                n += ps.executeUpdate();
            }
            return n;
        });
        if (wiped > 0) {
            LOG.info("local store: {} cached rows older than the cache window wiped", wiped);
        }
        return wiped;
    }

    @Override
    public void close() {
        db.close();
    }
}
