package de.videoberatung.api;

/** The signed-in account, without anything secret. */
public record UserInfo(long id, String username, String displayName, Role role, long teamId) {
}
