package de.videoberatung.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failed call to the server, classified so the UI can say in plain words what happened and what
 * the user can do. The technical detail stays in the message for the log.
 */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** The server could not be reached at all (network down, server stopped, timeout). */
        UNREACHABLE,
        /** Login failed or the session is no longer valid. */
        UNAUTHORIZED,
        /** The account may not do this. */
        FORBIDDEN,
        /** The thing asked for does not exist (any more). */
        NOT_FOUND,
        /** The change is not possible in the current state (e.g. a forbidden status transition). */
        CONFLICT,
        /** The request was refused as invalid. */
        INVALID_REQUEST,
        /** The server answered with something we cannot read, or failed internally. */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final List<FieldError> fieldErrors;
    private final TimeSlot conflict;
    private final Duration retryAfter;

    public ApiException(Kind kind, int status, String code, String message, Throwable cause) {
        this(kind, status, code, message, cause, List.of(), null, null);
    }

    /** {@code retryAfter}: the server's {@code Retry-After} (429 {@code TOO_MANY_ATTEMPTS}), or null. */
    public ApiException(Kind kind, int status, String code, String message, Throwable cause, Duration retryAfter) {
        this(kind, status, code, message, cause, List.of(), null, retryAfter);
    }

    public ApiException(Kind kind, int status, String code, String message, Throwable cause,
                        List<FieldError> fieldErrors, TimeSlot conflict) {
        this(kind, status, code, message, cause, fieldErrors, conflict, null);
    }

    public ApiException(Kind kind, int status, String code, String message, Throwable cause,
                        List<FieldError> fieldErrors, TimeSlot conflict, Duration retryAfter) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.conflict = conflict;
        this.retryAfter = retryAfter;
    }

    /** The clashing appointment's time of a 409 {@code OVERLAP}, or null. */
    public TimeSlot conflict() {
        return conflict;
    }

    /** The invalid fields of a refused form ({@code INVALID_FIELDS}); empty otherwise. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** How long the server asks to wait before trying again, if it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** The server's error code (e.g. {@code INVALID_TRANSITION}), or null. */
    public String code() {
        return code;
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404, 410 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            default -> status >= 400 && status < 500 ? Kind.INVALID_REQUEST : Kind.BAD_RESPONSE;
        };
    }
}
