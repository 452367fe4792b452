package de.videoberatung.api;

/**
 * Answer to a successful login: the bearer token for every further call, and who it belongs to.
 *
 * @param mustChangePassword the password was reset: this session may only choose a new one
 *                           ({@code POST /api/v1/session/password}) or sign out
 */
public record SessionResponse(String token, UserInfo user, boolean mustChangePassword) {

    public SessionResponse(String token, UserInfo user) {
        this(token, user, false);
    }

    /** The same session once a new password is chosen. */
    public SessionResponse passwordChanged() {
        return new SessionResponse(token, user, false);
    }

    @Override
    public String toString() {
        return "SessionResponse[user=" + user.username() + "]";
    }
}
