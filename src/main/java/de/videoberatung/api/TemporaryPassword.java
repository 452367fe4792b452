package de.videoberatung.api;

/**
 * Answer to {@code POST /api/v1/admin/users/{id}/reset-password}: a one-time password for the user, shown this
 * once; they must choose their own at the next sign-in.
 */
public record TemporaryPassword(String password) {

    @Override
    public String toString() {
        return "TemporaryPassword[]";
    }
}
