package de.videoberatung.api;

/** Answer to a successful login: the bearer token for every further call, and who it belongs to. */
public record SessionResponse(String token, UserInfo user) {

    @Override
    public String toString() {
        return "SessionResponse[user=" + user.username() + "]";
    }
}
