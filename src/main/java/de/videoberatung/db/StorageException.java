package de.videoberatung.db;

/** A local database could not be read or written. Unchecked: callers cannot repair it, only report it. */
public final class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the user can act on it. */
    public enum Kind {
        /** Reading or writing failed (disk full, file damaged). */
        FAILED,
        /** The key protecting the data is where the operating system keeps it, which is locked or unreachable now. */
        KEY_UNAVAILABLE
    }

    private final Kind kind;

    public StorageException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
