package de.videoberatung.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app's client for the consultation server's HTTP and WebSocket API.
 *
 * <p>Calls block; callers run them on background executors, never on the FX thread. Every failure
 * arrives as an {@link ApiException} with a {@link ApiException.Kind} the UI can explain.
 */
public final class ApiClient {

    private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ICE_SERVERS_TIMEOUT = Duration.ofSeconds(3);
    /** An import of thousands of entries is one transaction on the server: more than a click's wait. */
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(120);

    private final URI baseUri;
    private final HttpClient http;
    private volatile String token;

    public ApiClient(URI baseUri) {
        this(baseUri, (SSLContext) null);
    }

    /** {@code tls}: whom HTTPS and WSS trust (null: the JDK's defaults); see {@code app.TrustStores}. */
    public ApiClient(URI baseUri, SSLContext tls) {
        this(baseUri, httpClient(tls));
    }

    /** With an HTTP client made beforehand by {@link #httpClient}, e.g. on another thread while the server starts. */
    public ApiClient(URI baseUri, HttpClient http) {
        this.baseUri = baseUri.toString().endsWith("/") ? baseUri : URI.create(baseUri + "/");
        this.http = http;
    }

    /**
     * The HTTP client the API client uses. Making one takes a noticeable part of a start (the JDK's client sets up
     * its selector thread and, even for plain HTTP, the default TLS context with its trusted certificates).
     */
    public static HttpClient httpClient(SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Whether a session token is held (it may still have expired on the server). */
    public boolean hasSession() {
        return token != null;
    }

    public Health health() throws ApiException {
        return send(get("api/v1/health"), type(Health.class));
    }

    /** Logs in and keeps the session token for all further calls. */
    public SessionResponse login(String username, String password) throws ApiException {
        SessionResponse session = send(post("api/v1/session", new LoginRequest(username, password)),
                type(SessionResponse.class));
        token = session.token();
        return session;
    }

    /**
     * Ends the session on the server (best effort: an unreachable server lets the token expire by itself)
     * and forgets it here.
     */
    public void logout() {
        String ending = token;
        token = null;
        if (ending == null) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("api/v1/session")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + ending).DELETE().build();
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.info("sign-out not confirmed by the server: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Replaces the signed-in user's password (after a reset, the one thing such a session may do). */
    public void changePassword(String oldPassword, String newPassword) throws ApiException {
        sendDiscarding(post("api/v1/session/password", new PasswordChange(oldPassword, newPassword)));
    }

    /** Every user (admins only), by user name. */
    public List<AdminUser> adminUsers() throws ApiException {
        return send(get("api/v1/admin/users"), new TypeReference<List<AdminUser>>() { });
    }

    public AdminUser addUser(NewUser user) throws ApiException {
        return send(post("api/v1/admin/users", user), type(AdminUser.class));
    }

    /** Changes role, team or name of a user; a changed role or team ends their sessions. */
    public AdminUser changeUser(long userId, UserChange change) throws ApiException {
        return send(withBody(request("api/v1/admin/users/" + userId), "PATCH", change), type(AdminUser.class));
    }

    /** Disables ({@code false}) or enables a user; a disabled user's sessions end at once. */
    public AdminUser setUserEnabled(long userId, boolean enabled) throws ApiException {
        return send(post("api/v1/admin/users/" + userId + (enabled ? "/enable" : "/disable"), Map.of()),
                type(AdminUser.class));
    }

    /** A one-time password for the user; they choose their own at the next sign-in. */
    public TemporaryPassword resetPassword(long userId) throws ApiException {
        return send(post("api/v1/admin/users/" + userId + "/reset-password", Map.of()),
                type(TemporaryPassword.class));
    }

    public List<Team> teams() throws ApiException {
        return send(get("api/v1/admin/teams"), new TypeReference<List<Team>>() { });
    }

    public Team addTeam(String name) throws ApiException {
        return send(post("api/v1/admin/teams", new NameRequest(name)), type(Team.class));
    }

    public List<ServiceToken> serviceTokens() throws ApiException {
        return send(get("api/v1/admin/service-tokens"), new TypeReference<List<ServiceToken>>() { });
    }

    /** A new service account's API token, in this answer only. */
    public NewServiceToken addServiceToken(String name) throws ApiException {
        return send(post("api/v1/admin/service-tokens", new NameRequest(name)), type(NewServiceToken.class));
    }

    public void revokeServiceToken(long tokenId) throws ApiException {
        sendDiscarding(request("api/v1/admin/service-tokens/" + tokenId).DELETE().build());
    }

    /** The caller's appointments on {@code date}, sorted by start. */
    public List<Appointment> appointments(LocalDate date) throws ApiException {
        return send(get("api/v1/appointments?date=" + date), new TypeReference<List<Appointment>>() { });
    }

    /** The caller's team's appointments on {@code date}; team leads only. */
    public List<Appointment> teamAppointments(LocalDate date) throws ApiException {
        return send(get("api/v1/team/appointments?date=" + date), new TypeReference<List<Appointment>>() { });
    }

    /** Asks the server to move an appointment to another status; answers the updated appointment. */
    public Appointment changeStatus(long appointmentId, StatusChange change) throws ApiException {
        return send(post("api/v1/appointments/" + appointmentId + "/status", change), type(Appointment.class));
    }

    /** Creates an appointment (or, with a known {@code externalId}, updates that one); 409 {@code OVERLAP} unless allowed. */
    public Appointment createAppointment(AppointmentDraft draft) throws ApiException {
        return send(post("api/v1/appointments", draft), type(Appointment.class));
    }

    /** Reschedules or edits an appointment: the draft's non-null fields change. */
    public Appointment updateAppointment(long appointmentId, AppointmentDraft changes) throws ApiException {
        return send(withBody(request("api/v1/appointments/" + appointmentId), "PATCH", changes), type(Appointment.class));
    }

    /**
     * Imports an iCalendar ({@code text/calendar}) or CSV ({@code text/csv}) file for {@code advisorId} (null: the
     * caller). {@code partial}: apply the valid entries even if others are rejected (otherwise all or nothing).
     */
    public ImportResult importAppointments(byte[] file, String contentType, Long advisorId, boolean partial)
            throws ApiException {
        String query = "?partial=" + partial + (advisorId == null ? "" : "&advisorId=" + advisorId);
        HttpRequest request = request("api/v1/appointments/import" + query).timeout(IMPORT_TIMEOUT)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(file)).build();
        return send(request, type(ImportResult.class));
    }

    /**
     * Reads {@code file} and imports it as {@link #importAppointments(byte[], String, Long, boolean)} does: a
     * {@code .csv} as CSV, anything else as iCalendar.
     *
     * @throws IOException the file cannot be read
     */
    public ImportResult importAppointments(Path file, Long advisorId, boolean partial)
            throws ApiException, IOException {
        byte[] content = Files.readAllBytes(file);
        String type = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "text/csv"
                : "text/calendar";
        return importAppointments(content, type, advisorId, partial);
    }

    /** The advisors of the caller's team (team leads), for "Neuer Termin" on an advisor's behalf. */
    public List<UserInfo> teamAdvisors() throws ApiException {
        return send(get("api/v1/team/advisors"), new TypeReference<List<UserInfo>>() { });
    }

    /** "Einladung erneut senden": the server queues the invitation again (202) and answers the appointment. */
    public Appointment resendInvitation(long appointmentId) throws ApiException {
        return send(post("api/v1/appointments/" + appointmentId + "/invitation", Map.of()), type(Appointment.class));
    }

    /** Falls back from video to a phone call: the video leg ends, the appointment goes on as a phone call. */
    public Appointment switchToPhone(long appointmentId) throws ApiException {
        return send(post("api/v1/appointments/" + appointmentId + "/phone-fallback", Map.of()),
                type(Appointment.class));
    }

    /**
     * STUN/TURN servers for the next call attempt; TURN credentials are short-lived, so ask before each offer.
     * Asked while an offer waits for its answer: a short timeout, the call goes on with host candidates.
     */
    public List<IceServer> iceServers() throws ApiException {
        return send(request("api/v1/ice-servers").timeout(ICE_SERVERS_TIMEOUT).GET().build(),
                new TypeReference<List<IceServer>>() { });
    }

    /** Sends local note changes; each mutation id is applied at most once however often it is sent. */
    public NotePushResult pushNotes(NotePush push) throws ApiException {
        return send(post("api/v1/notes/push", push), type(NotePushResult.class));
    }

    /** The caller's notes changed after {@code cursor}, at most {@code limit} of them. */
    public NotePage pullNotes(long cursor, int limit) throws ApiException {
        return pullNotes(cursor, limit, null);
    }

    /** As {@link #pullNotes(long, int)}, only the notes the days from {@code from} on need (null: all). */
    public NotePage pullNotes(long cursor, int limit, LocalDate from) throws ApiException {
        return send(get("api/v1/notes/pull?since=" + cursor + "&limit=" + limit
                + (from == null ? "" : "&from=" + from)), type(NotePage.class));
    }

    /** The audit trail of one of the caller's notes, oldest change first. */
    public List<NoteChange> noteHistory(String noteId) throws ApiException {
        return send(get("api/v1/notes/" + noteId + "/history"), new TypeReference<List<NoteChange>>() { });
    }

    /**
     * Opens the event stream. {@code onEvent} and {@code onClosed} run on the HTTP client's threads.
     * The returned socket is open; close it with {@link WebSocket#sendClose}.
     */
    public WebSocket openEvents(Consumer<ServerEvent> onEvent, Consumer<Throwable> onClosed) throws ApiException {
        return openEvents(onEvent, onClosed, () -> { });
    }

    /** As {@link #openEvents(Consumer, Consumer)}; {@code onPong} runs when the server answers a ping. */
    public WebSocket openEvents(Consumer<ServerEvent> onEvent, Consumer<Throwable> onClosed, Runnable onPong)
            throws ApiException {
        URI wsUri = URI.create(baseUri.toString().replaceFirst("^http", "ws") + "api/v1/events");
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            return builder.buildAsync(wsUri, new EventListener(onEvent, onClosed, onPong))
                    .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof WebSocketHandshakeException handshake) {
                int status = handshake.getResponse().statusCode();
                throw new ApiException(ApiException.kindOf(status), status, null,
                        "event stream refused with HTTP " + status, cause);
            }
            throw unreachable(cause);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, Object body) {
        return withBody(request(path), "POST", body);
    }

    private static HttpRequest withBody(HttpRequest.Builder builder, String method, Object body) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(body);
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    /** For answers without a body (204). */
    private void sendDiscarding(HttpRequest request) throws ApiException {
        send(request, Json.mapper().constructType(Object.class), true);
    }

    private static JavaType type(Class<?> cls) {
        return Json.mapper().constructType(cls);
    }

    private <T> T send(HttpRequest request, TypeReference<T> type) throws ApiException {
        return send(request, Json.mapper().getTypeFactory().constructType(type));
    }

    private <T> T send(HttpRequest request, JavaType type) throws ApiException {
        return send(request, type, false);
    }

    private <T> T send(HttpRequest request, JavaType type, boolean noBody) throws ApiException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
        int status = response.statusCode();
        if (status >= 400) {
            throw errorFrom(request, status, response.body(), response.headers().firstValue("Retry-After"));
        }
        if (noBody) {
            return null;
        }
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            LOG.warn("unreadable answer from {} {} (HTTP {})", request.method(), request.uri().getPath(), status);
            throw new ApiException(ApiException.Kind.BAD_RESPONSE, status, null,
                    "unreadable answer from " + request.uri().getPath(), e);
        }
    }

    private static ApiException errorFrom(HttpRequest request, int status, byte[] body,
                                          Optional<String> retryAfter) {
        String code = null;
        String message = "HTTP " + status;
        List<FieldError> fields = List.of();
        TimeSlot conflict = null;
        try {
            ApiError error = Json.mapper().readValue(body, ApiError.class);
            code = error.error();
            message = error.message();
            fields = error.fields() == null ? List.of() : error.fields();
            conflict = error.conflict();
        } catch (IOException e) {
            // Not our error shape (e.g. a proxy's HTML page); the status alone classifies it.
            message = "HTTP " + status + " without an API error body";
        }
        LOG.info("{} {} failed: HTTP {} {}", request.method(), request.uri().getPath(), status, code);
        Duration wait = retryAfter.filter(v -> v.matches("\\d{1,9}")).map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .orElse(null);
        return new ApiException(ApiException.kindOf(status), status, code, message, null, fields, conflict, wait);
    }

    private ApiException unreachable(Throwable cause) {
        return new ApiException(ApiException.Kind.UNREACHABLE, 0, null,
                "server " + baseUri + " not reachable: " + cause, cause);
    }

    /** Collects text frames (which may arrive in parts) and hands complete events on. */
    private static final class EventListener implements WebSocket.Listener {
        private final Consumer<ServerEvent> onEvent;
        private final Consumer<Throwable> onClosed;
        private final Runnable onPong;
        private final StringBuilder partial = new StringBuilder();

        EventListener(Consumer<ServerEvent> onEvent, Consumer<Throwable> onClosed, Runnable onPong) {
            this.onEvent = onEvent;
            this.onClosed = onClosed;
            this.onPong = onPong;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            onPong.run();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onEvent.accept(Json.mapper().readValue(text, ServerEvent.class));
                } catch (IOException e) {
                    // An event type this client does not know yet: skip it, keep listening.
                    LOG.debug("ignored unreadable event: {}", e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            onClosed.accept(new IOException("event stream closed: " + statusCode + " " + reason));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            onClosed.accept(error);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }
    }
}
