package de.videoberatung.server;

import de.videoberatung.api.Role;
import de.videoberatung.api.UserInfo;

/** A stored account; the password hash never leaves the server. */
record Account(long id, String username, String displayName, Role role, long teamId, String passwordHash) {

    UserInfo info() {
        return new UserInfo(id, username, displayName, role, teamId);
    }
}
