package de.videoberatung.server;

import de.videoberatung.testsupport.TestServers;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.ApiException;
import de.videoberatung.api.Role;
import de.videoberatung.db.SqliteDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real server without demo data, with two teams made through the stores: Team Nord (team lead {@code tl.nord},
 * advisors {@code anna} and {@code ben}) and Team Süd ({@code tl.sued}, {@code carl}). Each password is
 * {@code geheim-} and the name's last part.
 */
final class StaffServer implements AutoCloseable {

    private static final HttpClient RAW = HttpClient.newHttpClient();

    final ConsultationServer server;
    final long annaId;
    final long benId;
    final long carlId;
    private final Map<ApiClient, String> tokens = new ConcurrentHashMap<>();

    StaffServer(Path data, Clock clock) {
        ServerOptions options = ServerOptions.builder(data).publicUrl(TestServers.PUBLIC_URL).passwordIterations(1_000).clock(clock).build();
        try (SqliteDatabase db = SqliteDatabase.open(data.resolve("server.db"), "db/server")) {
            SecureRandom random = new SecureRandom();
            PasswordHasher hasher = new PasswordHasher(random, options.passwordIterations());
            AccountStore accounts = new AccountStore(db, new Tokens(random), options.clock());
            long nord = accounts.createTeam("Team Nord");
            long sued = accounts.createTeam("Team Süd");
            accounts.createAccount("tl.nord", "Katrin Vogel", Role.TEAM_LEAD, nord, hasher.hash("geheim-nord"));
            annaId = accounts.createAccount("anna", "Anna Becker", Role.ADVISOR, nord, hasher.hash("geheim-anna"));
            benId = accounts.createAccount("ben", "Ben Kurz", Role.ADVISOR, nord, hasher.hash("geheim-ben"));
            accounts.createAccount("tl.sued", "Petra Süd", Role.TEAM_LEAD, sued, hasher.hash("geheim-sued"));
            carlId = accounts.createAccount("carl", "Carl Süd", Role.ADVISOR, sued, hasher.hash("geheim-carl"));
        }
        server = ConsultationServer.create(options).start();
    }

    /** A client signed in as {@code user} ({@code tl.nord}: password {@code geheim-nord}). */
    ApiClient signIn(String user) throws ApiException {
        ApiClient client = new ApiClient(server.baseUri());
        tokens.put(client, client.login(user, "geheim-" + user.substring(user.indexOf('.') + 1)).token());
        return client;
    }

    /** A request as {@code client} (null: without a session), for statuses and bodies the client hides. */
    HttpResponse<String> raw(ApiClient client, String method, String path, byte[] body, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (client != null) {
            request.header("Authorization", "Bearer " + tokens.get(client));
        }
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
