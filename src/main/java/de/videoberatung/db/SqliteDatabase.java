package de.videoberatung.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * One SQLite file with a versioned schema, shared by the server's store and the desktop's local store.
 *
 * <p>Migrations are Flyway SQL files under a classpath location. Access goes through one connection
 * serialised by a lock: SQLite allows one writer anyway, and one connection keeps transactions simple.
 * WAL and {@code synchronous=FULL} mean a committed transaction survives a killed process and a power cut.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** Work done with the connection; may throw SQL errors. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) {@code file} and migrates it with the scripts at {@code migrations}. */
    public static SqliteDatabase open(Path file, String migrations) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations("classpath:" + migrations)
                    .loggers("slf4j")
                    .load()
                    .migrate();
            Connection connection = DriverManager.getConnection(url);
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
                st.execute("PRAGMA busy_timeout=5000");
                // Deleted and overwritten content is zeroed, not left in free pages (retention, wiped caches).
                st.execute("PRAGMA secure_delete=ON");
            }
            return new SqliteDatabase(file, connection);
        } catch (SQLException | IOException e) {
            throw new StorageException("cannot open database " + file.getFileName(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Runs {@code work} with exclusive use of the connection (autocommit). */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("database access failed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none of it. Called inside another
     * transaction (on the same thread), it joins that one: the outer one commits or rolls back all of it.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        lock.lock();
        try {
            if (!connection.getAutoCommit()) {
                return work.run(connection);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("database transaction failed", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("cannot close database", e);
        } finally {
            lock.unlock();
        }
    }
}
