package de.videoberatung.api;

/** Body of {@code POST /api/v1/admin/users}: a local account with its first password. */
public record NewUser(String username, String displayName, Role role, Long teamId, String password) {

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", role=" + role + ", teamId=" + teamId + "]";
    }
}
