package de.videoberatung.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's data folder and database readable by its own user only (0700/0600), also when not started by
 * systemd ({@code UMask=0077}): the folder holds customers' names and case notes. SQLite gives its WAL and
 * shared-memory files the database file's permissions.
 */
final class OwnerOnly {

    private OwnerOnly() {
    }

    /** Creates {@code dir} and an empty {@code file} in it owner-only (tightening them if they exist); answers the file. */
    static Path prepare(Path dir, String file) {
        Path db = dir.resolve(file);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!posix) {
                // Windows: the folder inherits the ACL of where IT puts it (%ProgramData% or a service profile).
                Files.createDirectories(dir);
                return db;
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (!Files.exists(db)) {
                Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
