package de.videoberatung.server;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import de.videoberatung.api.AdminUser;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Role;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.testsupport.AdminCli;
import de.videoberatung.testsupport.TestServers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static de.videoberatung.testsupport.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


/**
 * Directory sign-in against a real LDAP server on loopback (UnboundID's in-memory directory server): users sign
 * in with the directory's password, role and team come from their groups at every sign-in, local accounts keep
 * working beside it.
 */
class DirectorySignInTest {

    static final String BASE = "dc=jobcenter,dc=example";
    static final String GROUPS = "ou=groups," + BASE;
    static final String ADMIN_PASSWORD = "lokales Admin-Passwort";

    @TempDir
    static Path dir;
    static InMemoryDirectoryServer directory;
    static ConsultationServer byPattern;
    static ConsultationServer bySearch;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                0, null));
        // Active Directory's memberOf and sAMAccountName are not in the standard schema.
        config.setSchema(null);
        config.addAdditionalBindCredentials("cn=videoberatung,ou=services," + BASE, "lese-Passwort");
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: " + BASE, "objectClass: domain", "dc: jobcenter");
        directory.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        directory.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        directory.add("dn: ou=teams," + BASE, "objectClass: organizationalUnit", "ou: teams");
        person("anna", "Anna Alt", "Team Nord");
        person("tom", "Tom Teamleiter", "Team Nord");
        person("ida", "Ida IT", null);
        person("otto", "Otto Ohnegruppe", "Team Nord");
        group("berater", "anna");
        group("teamleitung", "tom");
        group("it-admins", "ida");
        // Active Directory style: found by sAMAccountName, groups in memberOf, the team a group under ou=teams.
        directory.add("dn: cn=Sven Sucher,ou=people," + BASE, "objectClass: inetOrgPerson", "cn: Sven Sucher",
                "sn: Sucher", "sAMAccountName: s.sucher", "userPassword: svens Verzeichnispasswort",
                "memberOf: cn=berater," + GROUPS);
        directory.add("dn: cn=Team Süd,ou=teams," + BASE, "objectClass: groupOfNames", "cn: Team Süd",
                "member: cn=Sven Sucher,ou=people," + BASE);
        directory.startListening();
        String url = "ldap://127.0.0.1:" + directory.getListenPort();

        Path patternData = dir.resolve("pattern");
        AdminCli.firstAdmin(patternData, "Team IT", "lokal.admin", ADMIN_PASSWORD);
        byPattern = server(patternData, new DirectoryOptions(url, "uid={0},ou=people," + BASE, null, null, null,
                null, "cn=berater," + GROUPS, "cn=teamleitung," + GROUPS, "cn=it-admins," + GROUPS,
                "departmentNumber", null));
        bySearch = server(dir.resolve("search"), new DirectoryOptions(url, null, "ou=people," + BASE,
                "(sAMAccountName={0})", "cn=videoberatung,ou=services," + BASE, "lese-Passwort",
                "cn=berater," + GROUPS, "cn=teamleitung," + GROUPS, "cn=it-admins," + GROUPS, null,
                "ou=teams," + BASE));
    }

    @AfterAll
    static void stop() {
        byPattern.close();
        bySearch.close();
        directory.shutDown(true);
    }

    @Test
    void directoryUsersSignInWithTheirDirectoryPasswordAndTheirGroupsRoleAndTeam() throws Exception {
        SessionResponse anna = signIn(byPattern, "anna");
        assertThat(anna.user().role()).isEqualTo(Role.ADVISOR);
        assertThat(anna.user().displayName()).isEqualTo("Anna Alt");
        SessionResponse tom = signIn(byPattern, "tom");
        assertThat(tom.user().role()).isEqualTo(Role.TEAM_LEAD);
        // The team the directory names was made at the first sign-in, once.
        assertThat(tom.user().teamId()).isEqualTo(anna.user().teamId()).isNotZero();
        assertThat(signIn(byPattern, "ida").user().role()).isEqualTo(Role.ADMIN);

        ApiClient admin = localAdmin();
        assertThat(admin.teams()).filteredOn(t -> t.name().equals("Team Nord")).hasSize(1);
        assertThat(admin.adminUsers()).filteredOn(u -> u.username().equals("anna")).singleElement()
                .satisfies(u -> {
                    assertThat(u.directory()).isTrue();
                    assertThat(u.teamName()).isEqualTo("Team Nord");
                });
    }

    @Test
    void wrongEmptyOrCraftedCredentialsAreRefused() {
        assertRefused(() -> new ApiClient(byPattern.baseUri()).login("anna", "falsch"), 401, "BAD_CREDENTIALS");
        // An empty password is an anonymous bind to LDAP, which succeeds: never a sign-in.
        assertRefused(() -> new ApiClient(byPattern.baseUri()).login("anna", ""), 401, "BAD_CREDENTIALS");
        assertRefused(() -> new ApiClient(byPattern.baseUri()).login("niemand", "irgendwas"), 401,
                "BAD_CREDENTIALS");
        assertRefused(() -> new ApiClient(byPattern.baseUri()).login("ida,ou=people," + BASE, password("ida")),
                401, "BAD_CREDENTIALS");
        assertRefused(() -> new ApiClient(bySearch.baseUri()).login("*", password("anna")), 401,
                "BAD_CREDENTIALS");
    }

    @Test
    void aUserInNoMappedGroupCannotSignIn() {
        assertRefused(() -> signIn(byPattern, "otto"), 403, "NO_ROLE");
    }

    @Test
    void aGroupChangeInTheDirectoryTakesEffectAtTheNextSignIn() throws Exception {
        person("paul", "Paul Wechsel", "Team West");
        group("berater", "paul", ModificationType.ADD);
        SessionResponse before = signIn(byPattern, "paul");
        assertThat(before.user().role()).isEqualTo(Role.ADVISOR);

        group("berater", "paul", ModificationType.DELETE);
        group("teamleitung", "paul", ModificationType.ADD);
        directory.modify("uid=paul,ou=people," + BASE, new Modification(ModificationType.REPLACE,
                "departmentNumber", "Team Ost"));

        SessionResponse after = signIn(byPattern, "paul");
        assertThat(after.user().id()).isEqualTo(before.user().id());
        assertThat(after.user().role()).isEqualTo(Role.TEAM_LEAD);
        assertThat(after.user().teamId()).isNotEqualTo(before.user().teamId());
    }

    @Test
    void localAccountsKeepWorkingAndAdminsManageDirectoryUsers() throws Exception {
        ApiClient admin = localAdmin();
        person("dora", "Dora Direkt", "Team Nord");
        group("berater", "dora", ModificationType.ADD);
        long id = signIn(byPattern, "dora").user().id();

        assertRefused(() -> admin.resetPassword(id), 409, "DIRECTORY_ACCOUNT");
        AdminUser disabled = admin.setUserEnabled(id, false);
        assertThat(disabled.disabled()).isTrue();
        // The directory still knows her password, but the job centre disabled her here.
        assertRefused(() -> signIn(byPattern, "dora"), 403, "ACCOUNT_DISABLED");
    }

    @Test
    void activeDirectoryStyleSearchWithAServiceBindMemberOfAndATeamGroup() throws Exception {
        SessionResponse sven = new ApiClient(bySearch.baseUri()).login("s.sucher", "svens Verzeichnispasswort");
        assertThat(sven.user().role()).isEqualTo(Role.ADVISOR);
        assertThat(sven.user().displayName()).isEqualTo("Sven Sucher");
        assertThat(sven.user().teamId()).isNotZero();
        assertRefused(() -> new ApiClient(bySearch.baseUri()).login("s.sucher", "falsch"), 401, "BAD_CREDENTIALS");
    }

    @Test
    void anUnreachableDirectoryIsSaidSoAndLocalAccountsStillSignIn() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path data = dir.resolve("down");
        AdminCli.firstAdmin(data, "Team IT", "lokal.admin", ADMIN_PASSWORD);
        try (ConsultationServer down = server(data, new DirectoryOptions("ldap://127.0.0.1:" + closedPort,
                "uid={0},ou=people," + BASE, null, null, null, null, "cn=berater," + GROUPS, null, null, null,
                null))) {
            assertRefused(() -> signIn(down, "anna"), 503, "DIRECTORY_UNAVAILABLE");
            assertThat(new ApiClient(down.baseUri()).login("lokal.admin", ADMIN_PASSWORD).user().role())
                    .isEqualTo(Role.ADMIN);
        }
    }

    @Test
    void theConfigurationNeedsAWayToFindUsersAndAtLeastOneGroup() {
        assertThatThrownBy(() -> new DirectoryOptions("ldap://h", null, null, null, null, null, "cn=g", null,
                null, null, null)).hasMessageContaining("ldap.user.dn.pattern");
        assertThatThrownBy(() -> new DirectoryOptions("ldap://h", "uid={0}", null, null, null, null, null, null,
                null, null, null)).hasMessageContaining("ldap.group.advisor");
        assertThatThrownBy(() -> new DirectoryOptions("http://h", "uid={0}", null, null, null, null, "cn=g", null,
                null, null, null)).hasMessageContaining("ldap.url");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--ldap-group-admin", "cn=g")))
                .hasMessageContaining("ldap.url");
        ServerOptions parsed = ServerConfig.parse(List.of("--ldap-url", "ldaps://dc.jobcenter.example",
                "--ldap-search-base", "ou=people,dc=x", "--ldap-search-filter", "(sAMAccountName={0})",
                "--ldap-group-advisor", "cn=berater,dc=x", "--ldap-team-attribute", "department",
                "--public-url", "https://beratung.example.org/"));
        assertThat(parsed.directory().searchFilter()).isEqualTo("(sAMAccountName={0})");
        assertThat(parsed.directory().teamAttribute()).isEqualTo("department");
    }

    static ConsultationServer server(Path data, DirectoryOptions options) {
        return ConsultationServer.create(ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).passwordIterations(1_000).directory(options)
                .build()).start();
    }

    static ApiClient localAdmin() throws ApiException {
        ApiClient admin = new ApiClient(byPattern.baseUri());
        admin.login("lokal.admin", ADMIN_PASSWORD);
        return admin;
    }

    static SessionResponse signIn(ConsultationServer server, String uid) throws ApiException {
        return new ApiClient(server.baseUri()).login(uid, password(uid));
    }

    static String password(String uid) {
        return uid + "s Verzeichnispasswort";
    }

    static void person(String uid, String name, String department) throws Exception {
        String dn = "uid=" + uid + ",ou=people," + BASE;
        if (department == null) {
            directory.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + name,
                    "sn: " + name, "displayName: " + name, "userPassword: " + password(uid));
        } else {
            directory.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + name,
                    "sn: " + name, "displayName: " + name, "userPassword: " + password(uid),
                    "departmentNumber: " + department);
        }
    }

    static void group(String cn, String firstMember) throws Exception {
        directory.add("dn: cn=" + cn + "," + GROUPS, "objectClass: groupOfNames", "cn: " + cn,
                "member: uid=" + firstMember + ",ou=people," + BASE);
    }

    static void group(String cn, String uid, ModificationType change) throws Exception {
        directory.modify("cn=" + cn + "," + GROUPS, new Modification(change, "member",
                "uid=" + uid + ",ou=people," + BASE));
    }
}
