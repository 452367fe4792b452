package de.videoberatung.server;

/**
 * Directory sign-in (LDAP, Active Directory): the {@code ldap.*} keys of {@link ServerConfig}. A user is found
 * either by {@code userDnPattern} ({@code uid={0},ou=people,dc=example,dc=org}) or by a search under
 * {@code searchBase} with {@code searchFilter} ({@code (sAMAccountName={0})}), bound as {@code bindDn} if given.
 *
 * @param url {@code ldap://host:389} or {@code ldaps://host:636}
 * @param groupAdvisor, groupTeamLead, groupAdmin DNs of the groups that give a role (admin wins over team lead
 *                      over advisor); a user in none of them cannot sign in
 * @param teamAttribute an attribute of the user's entry whose value names their team (e.g. {@code department})
 * @param teamGroupBase groups under this DN are teams (the group's {@code cn} names it); used if the attribute
 *                      is not set or empty
 */
record DirectoryOptions(String url, String userDnPattern, String searchBase, String searchFilter, String bindDn,
                        String bindPassword, String groupAdvisor, String groupTeamLead, String groupAdmin,
                        String teamAttribute, String teamGroupBase) {

    DirectoryOptions {
        if (url == null || !(url.startsWith("ldap://") || url.startsWith("ldaps://"))) {
            throw new IllegalArgumentException("ldap.url must be an ldap:// or ldaps:// address: " + url);
        }
        if ((userDnPattern == null) == (searchBase == null)) {
            throw new IllegalArgumentException("with ldap.url give either ldap.user.dn.pattern or ldap.search.base");
        }
        if (userDnPattern != null && !userDnPattern.contains("{0}")) {
            throw new IllegalArgumentException("ldap.user.dn.pattern must contain {0} for the user name");
        }
        if (searchFilter == null) {
            searchFilter = "(uid={0})";
        } else if (!searchFilter.contains("{0}")) {
            throw new IllegalArgumentException("ldap.search.filter must contain {0} for the user name");
        }
        if ((bindDn == null) != (bindPassword == null)) {
            throw new IllegalArgumentException("ldap.bind.dn and ldap.bind.password go together");
        }
        if (groupAdvisor == null && groupTeamLead == null && groupAdmin == null) {
            throw new IllegalArgumentException(
                    "with ldap.url give at least one of ldap.group.advisor, ldap.group.teamlead, ldap.group.admin");
        }
    }

    @Override
    public String toString() {
        return "DirectoryOptions[url=" + url + "]";
    }
}
