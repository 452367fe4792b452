package de.videoberatung.server;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import de.videoberatung.api.Role;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with the directory's password (UnboundID LDAP SDK): finds the user's entry, binds as it with the
 * given password, and reads role and team from the groups at every sign-in; the account row is created or
 * updated to match ({@link AccountStore#syncDirectoryAccount}). One connection per sign-in: sign-ins are rare,
 * and a connection that is never kept cannot go stale behind a firewall.
 */
final class DirectorySignIn {

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySignIn.class);
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final String[] GROUP_MEMBER = {"member", "uniqueMember"};

    private final DirectoryOptions options;
    private final LDAPURL url;
    private final AccountStore accounts;

    DirectorySignIn(DirectoryOptions options, AccountStore accounts) {
        this.options = options;
        this.accounts = accounts;
        try {
            this.url = new LDAPURL(options.url());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("ldap.url is not an LDAP URL: " + options.url(), e);
        }
    }

    /**
     * The account of a directory user whose password is right, with role and team as the directory says now;
     * empty when the directory does not know the user or the password is wrong.
     *
     * @throws ApiProblem 403 {@code NO_ROLE}/{@code NO_TEAM} when the user is in no mapped group or no team;
     *                    503 {@code DIRECTORY_UNAVAILABLE} when the directory cannot be reached
     */
    Optional<Account> signIn(String username, String password) {
        // An empty password is an "unauthenticated bind" that LDAP servers accept: never a sign-in.
        if (password == null || password.isEmpty() || username == null || username.isBlank()) {
            return Optional.empty();
        }
        try (LDAPConnection lookup = connect()) {
            if (options.bindDn() != null) {
                lookup.bind(options.bindDn(), options.bindPassword());
            }
            Optional<String> userDn = findUser(lookup, username);
            if (userDn.isEmpty()) {
                return Optional.empty();
            }
            try (LDAPConnection asUser = connect()) {
                asUser.bind(userDn.get(), password);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    return Optional.empty();
                }
                throw e;
            }
            // Without a service bind, the lookups below run as anonymous: bind as the user for them.
            if (options.bindDn() == null) {
                lookup.bind(userDn.get(), password);
            }
            SearchResultEntry entry = lookup.getEntry(userDn.get(), "cn", "displayName", "memberOf",
                    options.teamAttribute() == null ? "cn" : options.teamAttribute());
            if (entry == null) {
                return Optional.empty();
            }
            Role role = role(lookup, entry).orElseThrow(() -> new ApiProblem(403, "NO_ROLE",
                    "The directory puts this user in none of the groups that give a role"));
            long teamId = team(lookup, entry).map(this::teamId).orElse(0L);
            if (teamId == 0 && role != Role.ADMIN) {
                throw new ApiProblem(403, "NO_TEAM", "The directory names no team for this user");
            }
            String displayName = Optional.ofNullable(entry.getAttributeValue("displayName"))
                    .or(() -> Optional.ofNullable(entry.getAttributeValue("cn"))).orElse(username);
            return Optional.of(accounts.syncDirectoryAccount(username, displayName, role, teamId));
        } catch (LDAPException e) {
            LOG.warn("directory sign-in failed: {} {}", e.getResultCode(), e.getDiagnosticMessage());
            throw new ApiProblem(503, "DIRECTORY_UNAVAILABLE", "The directory cannot be reached");
        }
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions connectionOptions = new LDAPConnectionOptions();
        connectionOptions.setConnectTimeoutMillis(TIMEOUT_MILLIS);
        connectionOptions.setResponseTimeoutMillis(TIMEOUT_MILLIS);
        if ("ldaps".equals(url.getScheme())) {
            try {
                return new LDAPConnection(new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory(),
                        connectionOptions, url.getHost(), url.getPort());
            } catch (GeneralSecurityException e) {
                throw new LDAPException(ResultCode.CONNECT_ERROR, "TLS set-up failed", e);
            }
        }
        return new LDAPConnection(connectionOptions, url.getHost(), url.getPort());
    }

    private Optional<String> findUser(LDAPConnection connection, String username) throws LDAPException {
        if (options.userDnPattern() != null) {
            // The user name as one escaped RDN value, so "a,ou=admins" cannot move the DN elsewhere.
            String escaped = new RDN("x", username).toString().substring(2);
            String dn = options.userDnPattern().replace("{0}", escaped);
            return Optional.of(dn);
        }
        Filter filter = Filter.create(options.searchFilter().replace("{0}", Filter.encodeValue(username)));
        SearchResult found = connection.search(new SearchRequest(options.searchBase(), SearchScope.SUB, filter,
                SearchRequest.NO_ATTRIBUTES));
        List<SearchResultEntry> entries = found.getSearchEntries();
        // Two entries for one name is the directory's mistake; refusing is safer than guessing.
        return entries.size() == 1 ? Optional.of(entries.get(0).getDN()) : Optional.empty();
    }

    private Optional<Role> role(LDAPConnection connection, SearchResultEntry user) throws LDAPException {
        if (inGroup(connection, user, options.groupAdmin())) {
            return Optional.of(Role.ADMIN);
        }
        if (inGroup(connection, user, options.groupTeamLead())) {
            return Optional.of(Role.TEAM_LEAD);
        }
        if (inGroup(connection, user, options.groupAdvisor())) {
            return Optional.of(Role.ADVISOR);
        }
        return Optional.empty();
    }

    /** Membership as Active Directory shows it ({@code memberOf}) or as the group lists it ({@code member}). */
    private static boolean inGroup(LDAPConnection connection, SearchResultEntry user, String groupDn)
            throws LDAPException {
        if (groupDn == null) {
            return false;
        }
        DN group = new DN(groupDn);
        String[] memberOf = user.getAttributeValues("memberOf");
        if (memberOf != null) {
            for (String value : memberOf) {
                if (DN.isValidDN(value) && new DN(value).equals(group)) {
                    return true;
                }
            }
        }
        SearchResult found = connection.search(new SearchRequest(groupDn, SearchScope.BASE, memberFilter(user),
                SearchRequest.NO_ATTRIBUTES));
        return found.getEntryCount() > 0;
    }

    private Optional<String> team(LDAPConnection connection, SearchResultEntry user) throws LDAPException {
        if (options.teamAttribute() != null) {
            String value = user.getAttributeValue(options.teamAttribute());
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        if (options.teamGroupBase() != null) {
            SearchResult groups = connection.search(new SearchRequest(options.teamGroupBase(), SearchScope.ONE,
                    memberFilter(user), "cn"));
            return groups.getSearchEntries().stream().map(g -> g.getAttributeValue("cn"))
                    .filter(cn -> cn != null && !cn.isBlank()).sorted().findFirst();
        }
        return Optional.empty();
    }

    private static Filter memberFilter(SearchResultEntry user) {
        return Filter.createORFilter(Filter.createEqualityFilter(GROUP_MEMBER[0], user.getDN()),
                Filter.createEqualityFilter(GROUP_MEMBER[1], user.getDN()));
    }

    /** The team the directory names, made on its first sign-in. */
    private synchronized long teamId(String name) {
        return accounts.teamByName(name).map(t -> t.id()).orElseGet(() -> accounts.createTeam(name));
    }
}
