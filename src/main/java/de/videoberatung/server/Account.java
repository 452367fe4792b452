package de.videoberatung.server;

import de.videoberatung.api.Role;
import de.videoberatung.api.UserInfo;

/**
 * A stored account; the password hash never leaves the server.
 *
 * @param teamId 0 for a service account (it belongs to no team)
 * @param directory whether password, role and team come from the directory (LDAP) at each sign-in
 * @param disabled a disabled account opens no session and its sessions have ended
 * @param mustChangePassword set by a password reset: the next session may only choose a new password
 */
record Account(long id, String username, String displayName, Role role, long teamId, String passwordHash,
               boolean directory, boolean disabled, boolean mustChangePassword) {

    /** A service account (API token, appointment endpoints only). */
    boolean isService() {
        return role == Role.SERVICE;
    }

    UserInfo info() {
        return new UserInfo(id, username, displayName, role, teamId);
    }
}
