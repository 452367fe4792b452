package de.videoberatung.api;

/** Body of {@code POST /api/v1/session/password}: the signed-in user chooses a new password. */
public record PasswordChange(String oldPassword, String newPassword) {

    @Override
    public String toString() {
        return "PasswordChange[]";
    }
}
