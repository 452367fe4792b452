package de.videoberatung.api;

/**
 * A user as the admin sees it ({@code GET /api/v1/admin/users}); never a password or its hash.
 *
 * @param directory password, role and team come from the directory (LDAP) at each sign-in
 * @param mustChangePassword the password was reset: the user chooses a new one at the next sign-in
 */
public record AdminUser(long id, String username, String displayName, Role role, long teamId, String teamName,
                        boolean disabled, boolean directory, boolean mustChangePassword) {
}
