package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import de.videoberatung.api.ApiError;
import de.videoberatung.api.AppointmentDraft;
import de.videoberatung.api.Health;
import de.videoberatung.api.Json;
import de.videoberatung.api.LoginRequest;
import de.videoberatung.api.PasswordChange;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.api.StatusChange;
import de.videoberatung.db.FieldCipher;
import de.videoberatung.db.KeyFile;
import de.videoberatung.db.SqliteDatabase;
import de.videoberatung.server.invitations.Invitations;
import de.videoberatung.threads.NamedThreads;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference consultation server: REST and WebSocket API on Javalin, SQLite storage.
 *
 * <p>The HTTP side can be stopped and started again on the same port while the database stays open,
 * which is how tests (and the desktop app's embedded demo) simulate an outage.
 */
public final class ConsultationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsultationServer.class);
    static final String VERSION = versionOf(ConsultationServer.class);
    private static final String ACCOUNT = "account";
    private static final String TOKEN_HASH = "tokenHash";
    /** The key sealing the stored copies of join links, beside the database (docs/privacy.md). */
    static final String JOIN_LINK_KEY = "join-link.key";

    /**
     * Who may call a route. A route lists every kind that may: {@code SIGNED_IN} is any staff session;
     * {@code TEAM_LEAD} and {@code ADMIN} narrow it to that role; service accounts (API tokens) are refused
     * unless the route also lists {@code SERVICE} (the appointment endpoints do); a session whose password was
     * reset is refused unless the route lists {@code PASSWORD_RESET} (choosing a new one, signing out).
     */
    enum Access implements RouteRole {
        PUBLIC, SIGNED_IN, TEAM_LEAD, ADMIN, SERVICE, PASSWORD_RESET
    }

    private final ServerOptions options;
    private final SqliteDatabase db;
    private final AccountStore accounts;
    private final AppointmentService appointments;
    private final EventHub events = new EventHub();
    private final PasswordHasher hasher;
    private final CallSignalling calls;
    private final PhoneFallbackEndpoint phoneFallback;
    private final NotesEndpoints notes;
    private final IceServerIssuer iceServers;
    private final SignIn signIn;
    private final AdminEndpoints admin;
    private final ScheduledExecutorService streamCheck = NamedThreads.scheduled("server-streams");
    private final RetentionJob retention;
    private final ScheduledExecutorService retentionTimer = NamedThreads.scheduled("retention");
    private final Invitations invitations;
    private final InvitationEndpoint invitationEndpoint;
    private final SignInGuard signIns;
    private final HeadersAndLimits headersAndLimits;
    private Javalin http;
    private Listeners listeners;
    private ScheduledExecutorService streamKeepAlive;
    private int boundPort;
    private int boundPublicPort;

    private ConsultationServer(ServerOptions options) {
        this.options = options;
        this.db = SqliteDatabase.open(OwnerOnly.prepare(options.dataDir(), "server.db"), "db/server");
        SecureRandom random = new SecureRandom();
        Tokens tokens = new Tokens(random);
        this.hasher = new PasswordHasher(random, options.passwordIterations());
        this.signIns = new SignInGuard(options.signInLimits(), options.clock());
        this.headersAndLimits = new HeadersAndLimits(options.maxRequestBytes());
        this.accounts = new AccountStore(db, tokens, options.clock(), options.sessionIdle());
        FieldCipher joinLinks = FieldCipher.of(KeyFile.readOrCreate(options.dataDir().resolve(JOIN_LINK_KEY), random),
                random);
        AppointmentStore appointmentStore = new AppointmentStore(db, this::publicUrl, joinLinks);
        appointmentStore.sealPlainJoinTokens();
        this.iceServers = new IceServerIssuer(options, random);
        this.appointments = new AppointmentService(appointmentStore, accounts, tokens, events, options, iceServers);
        this.calls = new CallSignalling(appointments, appointmentStore, new CallRecords(db), events, options.clock(),
                options.retention());
        this.phoneFallback = new PhoneFallbackEndpoint(appointments, appointmentStore, calls, events, options.clock());
        this.notes = new NotesEndpoints(new NoteService(db, appointmentStore, events, options));
        this.signIn = new SignIn(accounts, hasher,
                options.directory() == null ? null : new DirectorySignIn(options.directory(), accounts), tokens.next());
        this.admin = new AdminEndpoints(new AdminService(accounts, new ServiceTokens(db, accounts, tokens,
                options.clock()), hasher, events, random));
        streamCheck.scheduleWithFixedDelay(this::closeEndedStreams, options.streamCheck().toMillis(),
                options.streamCheck().toMillis(), TimeUnit.MILLISECONDS);
        // The outbox is written inside each change's transaction; its worker tells the queues of sent/failed.
        this.invitations = new Invitations(db, options.invitations(), options.zone(), options.clock(),
                options.joinOpensBefore(), this::publicUrl, joinLinks::open,
                id -> appointmentStore.byId(id).ifPresent(events::appointmentChanged));
        appointments.addListener(change -> invitations.plan(change.after().appointment().id()));
        this.invitationEndpoint = new InvitationEndpoint(appointments, appointmentStore, invitations, events);
        if (options.demo() && accounts.byUsername(DemoData.ADVISOR).isEmpty()) {
            DemoData.seed(accounts, appointmentStore, tokens, hasher, options);
        }
        this.retention = new RetentionJob(db, options.clock(), options.retention(), options.notesRetention());
        retention.run();
        retentionTimer.scheduleAtFixedRate(this::runRetention, RetentionJob.EVERY.toMinutes(),
                RetentionJob.EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    private void runRetention() {
        try {
            retention.run();
        } catch (RuntimeException e) {
            // Tried again tomorrow; a failed run leaves the data as it was (one transaction).
            LOG.error("retention run failed", e);
        }
    }

    /** The retention job (tests run it with a moved clock). */
    RetentionJob retention() {
        return retention;
    }

    /** Opens the database (seeding demo data if asked and not yet there); call {@link #start()} to serve. */
    public static ConsultationServer create(ServerOptions options) {
        return new ConsultationServer(options);
    }

    /** Starts serving; on the configured port, or on the port of the previous start. */
    public synchronized ConsultationServer start() {
        if (http != null) {
            return this;
        }
        int port = boundPort != 0 ? boundPort : options.port();
        int publicPort = boundPublicPort != 0 ? boundPublicPort
                : options.publicPort() != null ? options.publicPort() : -1;
        listeners = new Listeners(options);
        http = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = options.maxRequestBytes();
            // What Jetty answers by itself (an unparsable request line, headers too large) in the error shape.
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            listeners.configure(config, port, publicPort);
        });
        routes(http);
        http.start();
        listeners.started();
        boundPort = listeners.staffPort();
        boundPublicPort = Math.max(listeners.customerPort(), 0);
        // After the first start: join links in the messages need the bound address when public.url is not set.
        invitations.start();
        streamKeepAlive = NamedThreads.scheduled("session-keepalive");
        streamKeepAlive.scheduleWithFixedDelay(() -> accounts.touchSessions(events.openTokenHashes()), 1, 1,
                TimeUnit.MINUTES);
        LOG.info("consultation server {} listening on {}:{}{}{}{}", VERSION, options.bindAddress(), boundPort,
                boundPublicPort > 0 ? " (customers on " + boundPublicPort + ")" : "",
                options.tls() ? " with TLS" : "", options.demo() ? " (demo)" : "");
        return this;
    }

    /** Stops serving HTTP and closes every event stream; the data stays. */
    public synchronized void stop() {
        if (http != null) {
            streamKeepAlive.shutdownNow();
            http.stop();
            listeners.stopped();
            http = null;
        }
    }

    /** The accounts (tests of the sign-in path read stored hashes). */
    AccountStore accounts() {
        return accounts;
    }

    /** Where the server keeps its database. */
    public Path dataDir() {
        return options.dataDir();
    }

    public int port() {
        return boundPort;
    }

    /** Where the API is reached, e.g. {@code http://127.0.0.1:8080/} ({@code https} with TLS). */
    public URI baseUri() {
        return uri(boundPort);
    }

    /** Where the customers' door is reached on this machine ({@code public.port}); the staff door without it. */
    public URI customerUri() {
        return uri(boundPublicPort > 0 ? boundPublicPort : boundPort);
    }

    private URI uri(int port) {
        String host = options.bindAddress().contains(":") ? "[" + options.bindAddress() + "]" : options.bindAddress();
        host = "0.0.0.0".equals(host) || "[::]".equals(host) ? ServerOptions.LOOPBACK : host;
        return URI.create((options.tls() ? "https://" : "http://") + host + ":" + port + "/");
    }

    /** Every route as {@code METHOD path} ({@code WS path} for sockets): tests check each door's answer. */
    List<String> routes() {
        List<String> all = new ArrayList<>();
        http.unsafeConfig().pvt.internalRouter.allHttpHandlers().forEach(e ->
                all.add(e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()));
        http.unsafeConfig().pvt.internalRouter.allWsHandlers().forEach(e -> all.add("WS " + e.getPath()));
        return all;
    }

    /** Call rooms held in memory (tests: released when their sockets close). */
    int openCallRooms() {
        return calls.openRooms();
    }

    URI publicUrl() {
        return options.publicUrl() != null ? options.publicUrl() : baseUri();
    }

    @Override
    public void close() {
        streamCheck.shutdownNow();
        stop();
        NamedThreads.drain(retentionTimer, Duration.ofSeconds(10));
        invitations.close();
        db.close();
    }

    /**
     * Closes the event streams whose session no longer opens anything: expired, or ended outside this process
     * (the {@code server admin} command on the same data). Sign-out and disabling close theirs at once.
     */
    void closeEndedStreams() {
        try {
            events.closeEnded(hash -> accounts.byTokenHash(hash).isPresent());
        } catch (RuntimeException e) {
            LOG.warn("checking the event streams' sessions failed", e);
        }
    }

    private void routes(Javalin app) {
        app.before(headersAndLimits::before);
        app.before(listeners::refuseOnWrongDoor);
        app.wsBeforeUpgrade(listeners::refuseOnWrongDoor);
        app.beforeMatched(this::authorise);
        app.wsBeforeUpgrade("/api/v1/events", ctx -> {
            Account account = requireAccount(ctx);
            if (account.isService() || account.mustChangePassword()) {
                throw ApiProblem.forbidden("No event stream for this session");
            }
            ctx.attribute(ACCOUNT, account);
            ctx.attribute(TOKEN_HASH, Tokens.sha256(bearerToken(ctx)));
        });

        app.get("/api/v1/health", ctx -> ctx.json(new Health("UP", VERSION)), Access.PUBLIC);
        app.post("/api/v1/session", this::login, Access.PUBLIC);
        app.delete("/api/v1/session", ctx -> {
            String token = bearerToken(ctx);
            accounts.closeSession(token);
            events.closeSession(Tokens.sha256(token));
            ctx.status(204);
        }, Access.SIGNED_IN, Access.PASSWORD_RESET);
        app.post("/api/v1/session/password", ctx -> {
            changePassword(account(ctx), body(ctx, PasswordChange.class));
            ctx.status(204);
        }, Access.SIGNED_IN, Access.PASSWORD_RESET);
        admin.register(app);
        app.get("/api/v1/appointments", ctx -> ctx.json(appointments.day(account(ctx), date(ctx))),
                Access.SIGNED_IN);
        app.post("/api/v1/appointments/{id}/status", ctx -> ctx.json(appointments.changeStatus(account(ctx),
                id(ctx), body(ctx, StatusChange.class))), Access.SIGNED_IN, Access.SERVICE);
        app.post("/api/v1/appointments", ctx -> {
            AppointmentService.Saved saved = appointments.create(account(ctx), body(ctx, AppointmentDraft.class));
            ctx.status(saved.created() ? 201 : 200).json(saved.appointment());
        }, Access.SIGNED_IN, Access.SERVICE);
        app.patch("/api/v1/appointments/{id}", ctx -> ctx.json(appointments.update(account(ctx), id(ctx),
                body(ctx, AppointmentDraft.class))), Access.SIGNED_IN, Access.SERVICE);
        app.post("/api/v1/appointments/import", ctx -> ctx.json(appointments.importEntries(account(ctx),
                optionalLong(ctx, "advisorId"), AppointmentImport.parse(ctx.contentType(), ctx.bodyAsBytes(),
                        options.zone(), options.clock().instant()),
                "true".equals(ctx.queryParam("partial")), "true".equals(ctx.queryParam("allowOverlap")))),
                Access.SIGNED_IN, Access.SERVICE);
        app.get("/api/v1/team/appointments", ctx -> ctx.json(appointments.teamDay(account(ctx), date(ctx))),
                Access.TEAM_LEAD);
        app.get("/api/v1/team/advisors", ctx -> ctx.json(appointments.teamAdvisors(account(ctx))),
                Access.TEAM_LEAD);
        // Staff ask before each call attempt: the TURN credentials in it are short-lived.
        app.get("/api/v1/ice-servers", ctx -> ctx.json(iceServers.issue()), Access.SIGNED_IN);
        calls.register(app);
        phoneFallback.register(app);
        notes.register(app);
        invitationEndpoint.register(app);

        app.ws("/api/v1/events", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(Duration.ofMinutes(10));
                Account account = ctx.attribute(ACCOUNT);
                events.add(ctx, account, ctx.attribute(TOKEN_HASH));
                events.send(ctx, new ServerEvent.Hello(options.clock().instant()));
            });
            ws.onMessage(ctx -> calls.fromAdvisor(ctx.attribute(ACCOUNT), ctx, ctx.message()));
            ws.onClose(events::remove);
            ws.onError(events::remove);
        });

        app.exception(ApiProblem.class, (e, ctx) -> answer(ctx, e.status,
                new ApiError(e.code, e.getMessage(), e.fields, e.conflict)));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()),
                e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (HeadersAndLimits.overLimit(ctx)) {
                HeadersAndLimits.answerTooLarge(ctx);
                return;
            }
            if (clientWentAway(e)) {
                // The client closed the connection while its request was read (an app exiting mid-sync): nobody
                // waits for this answer, and nothing was applied.
                LOG.info("client went away during {} {}", ctx.method(), ctx.matchedPath());
                error(ctx, 400, "INCOMPLETE_REQUEST", "Request ended before it was complete");
                return;
            }
            LOG.error("unexpected failure in {} {}", ctx.method(), ctx.matchedPath(), e);
            error(ctx, 500, "INTERNAL", "Internal server error");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "NOT_FOUND", "No such endpoint");
            }
        });
    }

    private void authorise(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC)) {
            return;
        }
        Account account = requireAccount(ctx);
        if (account.isService() && !roles.contains(Access.SERVICE)) {
            throw ApiProblem.forbidden("Service accounts may only use the appointment endpoints");
        }
        if (account.mustChangePassword() && !roles.contains(Access.PASSWORD_RESET)) {
            throw new ApiProblem(403, "PASSWORD_CHANGE_REQUIRED", "Choose a new password first");
        }
        if (roles.contains(Access.TEAM_LEAD) && account.role() != Role.TEAM_LEAD) {
            throw ApiProblem.forbidden("Only team leads may do this");
        }
        if (roles.contains(Access.ADMIN) && account.role() != Role.ADMIN) {
            throw ApiProblem.forbidden("Only admins may do this");
        }
        ctx.attribute(ACCOUNT, account);
    }

    private Account requireAccount(Context ctx) {
        return accounts.bySessionToken(bearerToken(ctx))
                .orElseThrow(() -> ApiProblem.unauthorized("Session unknown or expired"));
    }

    private static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw ApiProblem.unauthorized("Sign in first: bearer token missing");
        }
        return header.substring("Bearer ".length()).trim();
    }

    private void login(Context ctx) {
        LoginRequest request = body(ctx, LoginRequest.class);
        if (request.username() == null || request.password() == null) {
            throw ApiProblem.badRequest("INVALID_BODY", "Fields 'username' and 'password' are required");
        }
        String address = SignInGuard.source(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        signIns.waitFor(request.username(), address).ifPresent(wait -> {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ApiProblem(429, "TOO_MANY_ATTEMPTS",
                    "Too many failed sign-ins: try again in " + seconds + " seconds");
        });
        Account account;
        try {
            account = signIn.authenticate(request.username(), request.password());
        } catch (ApiProblem e) {
            if (e.status == 401) {
                signIns.failed(request.username(), address);
            }
            throw e;
        }
        signIns.succeeded(request.username());
        ctx.json(new SessionResponse(accounts.openSession(account.id()), account.info(),
                account.mustChangePassword()));
    }

    /** The signed-in user replaces their password (after a reset: before anything else). */
    private void changePassword(Account account, PasswordChange change) {
        if (change.oldPassword() == null || change.newPassword() == null) {
            throw ApiProblem.badRequest("INVALID_BODY", "Fields 'oldPassword' and 'newPassword' are required");
        }
        if (account.directory()) {
            throw ApiProblem.conflict("DIRECTORY_ACCOUNT", "This password is changed in the directory");
        }
        if (!signIn.matches(account, change.oldPassword())) {
            throw new ApiProblem(403, "WRONG_PASSWORD", "The old password is wrong");
        }
        if (change.newPassword().equals(change.oldPassword())) {
            throw ApiProblem.badRequest("WEAK_PASSWORD", "The new password must differ from the old one");
        }
        PasswordPolicy.require(account.username(), change.newPassword());
        accounts.setPassword(account.id(), hasher.hash(change.newPassword()), false);
    }

    static Account account(Context ctx) {
        return ctx.attribute(ACCOUNT);
    }

    private static LocalDate date(Context ctx) {
        String value = ctx.queryParam("date");
        if (value == null) {
            throw ApiProblem.badRequest("INVALID_DATE", "Query parameter 'date' (YYYY-MM-DD) is required");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("INVALID_DATE", "Not a date (YYYY-MM-DD): " + value);
        }
    }

    private static Long optionalLong(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("INVALID_REQUEST", "Query parameter '" + name + "' is not a number");
        }
    }

    static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("UNKNOWN_APPOINTMENT", "No appointment " + ctx.pathParam("id"));
        }
    }

    static <T> T body(Context ctx, Class<T> type) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiProblem.badRequest("INVALID_BODY", "Request body missing");
        }
        try {
            T value = Json.mapper().readValue(bytes, type);
            if (value == null) {
                throw ApiProblem.badRequest("INVALID_BODY", "Request body missing");
            }
            return value;
        } catch (InvalidFormatException e) {
            // A malformed date gets its own code, so the app can say what is wrong.
            if (e.getTargetType() == LocalDate.class) {
                throw ApiProblem.badRequest("INVALID_DATE", "Not a date (YYYY-MM-DD): " + e.getValue());
            }
            throw ApiProblem.badRequest("INVALID_BODY", "Unexpected content in field " + e.getPathReference());
        } catch (MismatchedInputException e) {
            throw ApiProblem.badRequest("INVALID_BODY", "Unexpected content in field " + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("MALFORMED_JSON", "Request body is not valid JSON");
        } catch (IOException e) {
            throw ApiProblem.badRequest("INVALID_BODY", "Request body unreadable");
        }
    }

    static void error(Context ctx, int status, String code, String message) {
        answer(ctx, status, new ApiError(code, message));
    }

    /**
     * The error answer. A refused WebSocket upgrade is written at once: Javalin writes a result only at the end of
     * a plain request's life, so the refusal's body would be lost and the client got the status alone.
     */
    private static void answer(Context ctx, int status, ApiError error) {
        ctx.status(status);
        if (ctx.header("Sec-WebSocket-Key") == null) {
            ctx.json(error);
            return;
        }
        try {
            byte[] body = Json.mapper().writeValueAsBytes(error);
            // Upgrades pass no before-handler: the headers of every answer are set here.
            HeadersAndLimits.HEADERS.forEach(ctx.res()::setHeader);
            ctx.res().setContentType("application/json");
            ctx.res().setContentLength(body.length);
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            LOG.info("refused upgrade could not be answered: {}", e.toString());
        }
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "BODY_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
    }

    private static String versionOf(Class<?> cls) {
        String version = cls.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
