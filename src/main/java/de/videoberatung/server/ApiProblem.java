package de.videoberatung.server;

/** A request the server refuses, with the HTTP status and the contract's error code. */
final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    ApiProblem(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
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
