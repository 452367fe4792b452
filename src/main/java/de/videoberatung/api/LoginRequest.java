package de.videoberatung.api;

/** Body of {@code POST /api/v1/session}. */
public record LoginRequest(String username, String password) {

    @Override
    public String toString() {
        // Never let a password reach a log line.
        return "LoginRequest[username=" + username + "]";
    }
}
