package de.videoberatung.server;

import de.videoberatung.api.FieldError;
import de.videoberatung.api.TimeSlot;
import java.util.List;
import java.util.stream.Collectors;

/** A request the server refuses, with the HTTP status and the contract's error code. */
final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final List<FieldError> fields;
    final TimeSlot conflict;

    ApiProblem(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    private ApiProblem(int status, String code, String message, List<FieldError> fields, TimeSlot conflict) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = fields;
        this.conflict = conflict;
    }

    /** 400 {@code INVALID_FIELDS}: a form the rules refuse, with every invalid field. */
    static ApiProblem invalidFields(List<FieldError> fields) {
        return new ApiProblem(400, "INVALID_FIELDS", "Invalid fields: " + fields.stream()
                .map(f -> f.field() + " " + f.code()).collect(Collectors.joining(", ")), List.copyOf(fields), null);
    }

    /** 409 {@code OVERLAP}: the advisor already has an appointment at {@code clash} (its time only). */
    static ApiProblem overlap(String message, TimeSlot clash) {
        return new ApiProblem(409, "OVERLAP", message, null, clash);
    }

    static ApiProblem badRequest(String code, String message) {
        return new ApiProblem(400, code, message);
    }

    static ApiProblem unauthorized(String message) {
        return new ApiProblem(401, "UNAUTHORIZED", message);
    }

    static ApiProblem forbidden(String message) {
        return new ApiProblem(403, "FORBIDDEN", message);
    }

    static ApiProblem notFound(String code, String message) {
        return new ApiProblem(404, code, message);
    }

    static ApiProblem conflict(String code, String message) {
        return new ApiProblem(409, code, message);
    }

    static ApiProblem gone(String code, String message) {
        return new ApiProblem(410, code, message);
    }
}
