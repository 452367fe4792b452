package de.videoberatung.store;

import de.videoberatung.db.SqliteDatabase;
import java.nio.file.Path;

/**
 * The desktop app's own SQLite file in the user's application-data folder. It is the source the UI
 * reads; the network only feeds it.
 */
public final class LocalStore implements AutoCloseable {

    public static final String FILE_NAME = "videoberatung.db";

    private final SqliteDatabase db;

    private LocalStore(SqliteDatabase db) {
        this.db = db;
    }

    /** Opens (and if needed creates and migrates) the store in {@code dataDir}. */
    public static LocalStore open(Path dataDir) {
        return new LocalStore(SqliteDatabase.open(dataDir.resolve(FILE_NAME), "db/client"));
    }

    public SqliteDatabase database() {
        return db;
    }

    @Override
    public void close() {
        db.close();
    }
}
