package de.videoberatung.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A 256-bit key in a file only its owner may read (POSIX {@code 0600}; on Windows the user's profile
 * folders are private already), made on first use. Base64 text, one line.
 */
public final class KeyFile {

    private KeyFile() {
    }

    /** The key in {@code file}; a fresh random one is written there first if the file does not exist. */
    public static byte[] readOrCreate(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[FieldCipher.KEY_BYTES];
                random.nextBytes(fresh);
                write(file, Base64.getEncoder().encode(fresh));
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != FieldCipher.KEY_BYTES) {
                throw new StorageException(file.getFileName() + " does not hold a 256-bit key", null);
            }
            return key;
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("key file unreadable: " + file.getFileName(), e);
        }
    }

    /** Writes {@code content} to a new file readable and writable by its owner only. */
    public static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // Made by another start at the same moment: keep theirs.
            return;
        }
        Files.write(file, content);
    }
}
