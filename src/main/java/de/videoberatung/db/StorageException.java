package de.videoberatung.db;

/** A local database could not be read or written. Unchecked: callers cannot repair it, only report it. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
