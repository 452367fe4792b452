package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.CallSignal;
import de.videoberatung.api.CustomerCheck;
import de.videoberatung.api.JoinState;
import de.videoberatung.api.Json;
import de.videoberatung.api.PageSignal;
import de.videoberatung.api.ServerEvent;
import de.videoberatung.api.StatusChange;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's join page and call signalling: the page at {@code /j/{token}}, its consent and device
 * check, and the relay of session descriptions between exactly one appointment's advisor (on their event
 * stream) and the current holder of its join link (on {@code /api/v1/join/{token}/signal}).
 *
 * <p>Rules (docs/call.md): the advisor starting the call moves the appointment to IN_CALL; a hang-up from
 * either side completes it with the measured duration. One page per link: a second browser opening the
 * link while the first page's socket is open is refused ("taken"), unless it is the same page coming back
 * (same page id). A page that goes away silently frees the link after {@link #CUSTOMER_IDLE_TIMEOUT}.
 * During a call only the page the advisor admitted may come back into it (its network changed); any other
 * page (a reload, another device) goes to the waiting room and the advisor's call ends with
 * {@code by = waiting-room}, so the advisor admits it again.
 */
final class CallSignalling {

    private static final Logger LOG = LoggerFactory.getLogger(CallSignalling.class);
    /** The version of the data-protection text on the join page the customer consents to. */
    static final String CONSENT_TEXT_VERSION = "2026-12-v2";
    /** The page pings every 10 s; a socket silent for this long is considered gone. */
    static final Duration CUSTOMER_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** WebSocket close code telling a second page that the link is open elsewhere. */
    static final int CLOSE_TAKEN = 4409;
    static final int CLOSE_ENDED = 4000;
    /** {@code by} of the hang-up an advisor gets when a new page for the link went to the waiting room. */
    static final String WAITING_ROOM = "waiting-room";
    private static final Pattern PAGE_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Map<String, String> ASSETS = Map.of(
            "join.js", "text/javascript; charset=utf-8",
            "join.css", "text/css; charset=utf-8");

    private final AppointmentService appointments;
    private final AppointmentStore store;
    private final CallRecords records;
    private final EventHub events;
    private final Clock clock;
    private final Duration retention;
    private final Map<Long, Room> rooms = new ConcurrentHashMap<>();

    /**
     * The customer side of one appointment's call while a page is connected or a call runs; released when
     * the page's socket closes outside a call and when the call ends.
     */
    private static final class Room {
        final long appointmentId;
        final long advisorId;
        WsContext customer;
        String pageId;
        /** The page the advisor admitted into the running call: only it may come back into the call. */
        String admittedPageId;
        /** The socket the current one replaced (same page): what it still delivers is relayed. */
        String replacedSession;

        Room(long appointmentId, long advisorId) {
            this.appointmentId = appointmentId;
            this.advisorId = advisorId;
        }

        boolean customerPresent() {
            return customer != null && customer.session.isOpen();
        }
    }

    CallSignalling(AppointmentService appointments, AppointmentStore store, CallRecords records, EventHub events,
                   Clock clock, Duration retention) {
        this.retention = retention;
        this.appointments = appointments;
        this.store = store;
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get("/j/{token}", this::joinPage, ConsultationServer.Access.PUBLIC);
        app.get("/web/{file}", this::asset, ConsultationServer.Access.PUBLIC);
        app.get("/api/v1/join/{token}", ctx -> ctx.json(joinState(ctx.pathParam("token"))),
                ConsultationServer.Access.PUBLIC);
        app.post("/api/v1/join/{token}/consent", this::consent, ConsultationServer.Access.PUBLIC);
        app.post("/api/v1/join/{token}/check", this::check, ConsultationServer.Access.PUBLIC);
        app.wsBeforeUpgrade("/api/v1/join/{token}/signal", ctx -> {
            AppointmentStore.Stored stored = appointments.validJoin(ctx.pathParam("token"));
            if (records.consentedVersion(stored.appointment().id()) == null) {
                throw ApiProblem.forbidden("Consent first");
            }
            String page = ctx.queryParam("page");
            if (page == null || !PAGE_ID.matcher(page).matches()) {
                throw ApiProblem.badRequest("INVALID_PAGE", "Query parameter 'page' missing or malformed");
            }
        });
        app.ws("/api/v1/join/{token}/signal", ws -> {
            ws.onConnect(this::customerConnected);
            ws.onMessage(this::fromCustomer);
            ws.onClose(this::customerClosed);
            ws.onError(ctx -> LOG.info("customer signal socket failed: {}", String.valueOf(ctx.error())));
        }, ConsultationServer.Access.PUBLIC);
    }

    // --- the page ---------------------------------------------------------------------------------

    /** The token is in the URL: no referrer, no caching, nothing from elsewhere (HeadersAndLimits sets that). */
    private void joinPage(Context ctx) {
        String file;
        int status;
        try {
            appointments.validJoin(ctx.pathParam("token"));
            file = "join.html";
            status = 200;
        } catch (ApiProblem e) {
            status = e.status;
            file = switch (e.status) {
                case 403 -> "link-not-yet-valid.html";
                case 410 -> "link-expired.html";
                default -> "link-unknown.html";
            };
        }
        byte[] page = resource(file);
        if ("join.html".equals(file)) {
            // The consent text names the retention period this server keeps (docs/privacy.md).
            page = new String(page, StandardCharsets.UTF_8).replace("__RETENTION_DAYS__",
                    Long.toString(retention.toDays())).getBytes(StandardCharsets.UTF_8);
        }
        ctx.status(status).contentType("text/html; charset=utf-8").result(page);
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw ApiProblem.notFound("NOT_FOUND", "No such file");
        }
        ctx.header("Cache-Control", "no-cache").contentType(type).result(resource(file));
    }

    private static byte[] resource(String file) {
        try (InputStream in = CallSignalling.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("web resource missing: " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("web resource unreadable: " + file, e);
        }
    }

    private JoinState joinState(String token) {
        return appointments.joinState(appointments.validJoin(token).appointment());
    }

    /** Body of the consent request: which text the customer agreed to. */
    record Consent(String textVersion) {
    }

    private void consent(Context ctx) {
        AppointmentStore.Stored stored = appointments.validJoin(ctx.pathParam("token"));
        Consent consent = ConsultationServer.body(ctx, Consent.class);
        if (!CONSENT_TEXT_VERSION.equals(consent.textVersion())) {
            throw ApiProblem.conflict("CONSENT_TEXT_OUTDATED", "The page shows an outdated text; reload it");
        }
        long id = stored.appointment().id();
        records.consent(id, consent.textVersion(), clock.instant());
        records.log(id, "consent", clock.instant());
        ctx.status(204);
    }

    private void check(Context ctx) {
        AppointmentStore.Stored stored = appointments.validJoin(ctx.pathParam("token"));
        long id = stored.appointment().id();
        if (records.consentedVersion(id) == null) {
            throw ApiProblem.forbidden("Consent first");
        }
        CustomerCheck check = ConsultationServer.body(ctx, CustomerCheck.class);
        if (check.connection() == null || !Pattern.matches("[a-z]{1,16}", check.connection())) {
            throw ApiProblem.badRequest("INVALID_BODY", "Field 'connection' missing or malformed");
        }
        records.deviceCheck(id, check, clock.instant());
        store.setCustomerCheck(id, check, clock.instant());
        events.appointmentChanged(store.byId(id).orElseThrow());
        ctx.status(204);
    }

    // --- the customer's socket --------------------------------------------------------------------

    /** What a connecting page was found to be. */
    private enum Arrival { TAKEN, ADMITTED_PAGE, OTHER_PAGE }

    private void customerConnected(WsConnectContext ctx) {
        AppointmentStore.Stored stored;
        try {
            stored = appointments.validJoin(ctx.pathParam("token"));
        } catch (ApiProblem e) {
            ctx.closeSession(CLOSE_ENDED, e.code);
            return;
        }
        ctx.session.setIdleTimeout(CUSTOMER_IDLE_TIMEOUT);
        Appointment a = stored.appointment();
        String page = ctx.queryParam("page");
        WsContext[] replaced = new WsContext[1];
        Arrival[] arrival = new Arrival[1];
        // Atomic with the release in customerClosed: a page never attaches to a room that is being dropped.
        rooms.compute(a.id(), (id, existing) -> {
            Room room = existing != null ? existing : new Room(id, a.advisorId());
            synchronized (room) {
                if (room.customerPresent() && !page.equals(room.pageId)) {
                    arrival[0] = Arrival.TAKEN;
                    return existing;
                }
                replaced[0] = room.customerPresent() ? room.customer : null;
                room.replacedSession = replaced[0] == null ? null : replaced[0].sessionId();
                room.customer = ctx;
                room.pageId = page;
                arrival[0] = page.equals(room.admittedPageId) ? Arrival.ADMITTED_PAGE : Arrival.OTHER_PAGE;
                if (arrival[0] == Arrival.OTHER_PAGE) {
                    room.admittedPageId = null;
                }
            }
            return room;
        });
        LOG.debug("appointment {}: page socket {} connected as {}, replacing {}", a.id(), ctx.sessionId(), arrival[0],
                replaced[0] == null ? "none" : replaced[0].sessionId());
        if (arrival[0] == Arrival.TAKEN) {
            records.log(a.id(), "second-page-refused", clock.instant());
            sendToPage(ctx, new PageSignal.Taken());
            ctx.closeSession(CLOSE_TAKEN, "taken");
            return;
        }
        if (replaced[0] != null) {
            // The same page came back on a new socket before the old one timed out.
            replaced[0].closeSession(CLOSE_ENDED, "replaced");
        }
        AppointmentStore.Stored current = store.byId(a.id()).orElseThrow();
        boolean inCall = current.appointment().status() == AppointmentStatus.IN_CALL;
        if (inCall && arrival[0] == Arrival.OTHER_PAGE) {
            // A new page (a reload, another device) during the call is not let in by its link alone: it goes
            // to the waiting room and the advisor admits it again (docs/privacy.md).
            records.log(a.id(), "new-page-to-waiting-room", clock.instant());
            if (tryTransition(current, AppointmentStatus.CUSTOMER_WAITING, null)) {
                events.sendTo(a.advisorId(), new ServerEvent.CallHangUp(a.id(), WAITING_ROOM));
            }
            inCall = false;
        }
        JoinState state = inCall ? appointments.joinState(current.appointment()) : appointments.join(ctx.pathParam("token"));
        records.log(a.id(), "customer-connected", clock.instant());
        sendToPage(ctx, new PageSignal.Welcome(state.status()));
        events.sendTo(a.advisorId(), new ServerEvent.CustomerReady(a.id()));
        if (inCall) {
            // The admitted page coming back on a new socket (its network changed) goes on with the call.
            sendToPage(ctx, new PageSignal.Start());
        }
    }

    /** Open rooms (for tests: rooms are released when their sockets close). */
    int openRooms() {
        return rooms.size();
    }

    private void fromCustomer(WsMessageContext ctx) {
        // An offer the page sent on its old socket just before a new one replaced it is still its offer.
        Room room = roomOf(ctx, true);
        if (room == null) {
            LOG.debug("page socket {}: message from a socket that is not the link's current page", ctx.sessionId());
            ctx.closeSession(CLOSE_ENDED, "not the link's current page");
            return;
        }
        CallSignal signal = parse(ctx.message());
        if (signal == null) {
            sendToPage(ctx, new PageSignal.Refused("MALFORMED"));
            return;
        }
        long id = room.appointmentId;
        if (signal instanceof CallSignal.Ping) {
            return; // keeps the socket inside its idle timeout
        }
        if (!inCall(id)) {
            sendToPage(ctx, new PageSignal.Refused("NOT_IN_CALL"));
        } else if (signal instanceof CallSignal.Offer offer) {
            LOG.debug("appointment {}: offer on page socket {} relayed", id, ctx.sessionId());
            records.log(id, "offer", clock.instant());
            events.sendTo(room.advisorId, new ServerEvent.CallOffer(id, offer.sdp()));
        } else if (signal instanceof CallSignal.Candidate c) {
            events.sendTo(room.advisorId, new ServerEvent.CallCandidate(id, c.mid(), c.candidate()));
        } else if (signal instanceof CallSignal.Connection c) {
            records.log(id, "customer-" + connectionState(c.state()), clock.instant());
            events.sendTo(room.advisorId, new ServerEvent.CallConnection(id, connectionState(c.state())));
        } else if (signal instanceof CallSignal.HangUp) {
            complete(id, null, "customer");
            events.sendTo(room.advisorId, new ServerEvent.CallHangUp(id, "customer"));
            endRoom(room, "customer");
        } else {
            sendToPage(ctx, new PageSignal.Refused("NOT_ALLOWED"));
        }
    }

    private void customerClosed(WsCloseContext ctx) {
        Room room = roomOf(ctx, false);
        LOG.debug("page socket {} closed ({} {}), {}", ctx.sessionId(), ctx.status(), ctx.reason(),
                room == null ? "not current" : "current");
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.customer != null && !room.customer.sessionId().equals(ctx.sessionId())) {
                return; // replaced meanwhile
            }
            room.customer = null;
            room.pageId = null;
        }
        long id = room.appointmentId;
        records.log(id, "customer-left", clock.instant());
        AppointmentStatus status = store.byId(id).map(stored -> {
            AppointmentStatus before = stored.appointment().status();
            if (before == AppointmentStatus.CUSTOMER_WAITING) {
                // Left the waiting room: no longer waiting (opening the link again makes them wait again).
                tryTransition(stored, AppointmentStatus.SCHEDULED, null);
            }
            if (before == AppointmentStatus.IN_CALL || before == AppointmentStatus.CUSTOMER_WAITING) {
                events.sendTo(room.advisorId, new ServerEvent.CallConnection(id, "left"));
            }
            return before;
        }).orElse(null);
        if (status != AppointmentStatus.IN_CALL) {
            // Nothing to come back to: the room goes (a running call keeps it for the admitted page).
            rooms.computeIfPresent(id, (k, r) -> {
                synchronized (r) {
                    return r == room && r.customer == null ? null : r;
                }
            });
        }
    }

    /**
     * The room whose current page is {@code ctx} (or, with {@code orReplaced}, whose current socket replaced
     * {@code ctx} for the same page), or null for any other socket.
     */
    private Room roomOf(WsContext ctx, boolean orReplaced) {
        for (Room room : rooms.values()) {
            synchronized (room) {
                if (room.customer != null && (room.customer.sessionId().equals(ctx.sessionId())
                        || orReplaced && ctx.sessionId().equals(room.replacedSession))) {
                    return room;
                }
            }
        }
        return null;
    }

    // --- the advisor's event stream ---------------------------------------------------------------

    /** A message from an advisor's event stream; only signals about their own appointments are relayed. */
    void fromAdvisor(Account account, WsContext ctx, String message) {
        CallSignal signal = parse(message);
        if (signal == null) {
            events.send(ctx, new ServerEvent.CallRefused(0, "MALFORMED"));
            return;
        }
        long id = signal.appointmentId();
        AppointmentStore.Stored stored = store.byId(id)
                .filter(s -> s.appointment().advisorId() == account.id())
                .orElse(null);
        if (stored == null) {
            // A foreign appointment looks exactly like a missing one.
            LOG.info("call signal {} for an unknown or foreign appointment refused", signal.getClass().getSimpleName());
            events.send(ctx, new ServerEvent.CallRefused(id, "UNKNOWN_APPOINTMENT"));
            return;
        }
        Room room = rooms.get(id);
        WsContext customer = null;
        if (room != null) {
            synchronized (room) {
                customer = room.customerPresent() ? room.customer : null;
            }
        }
        AppointmentStatus status = stored.appointment().status();
        if (signal instanceof CallSignal.Start) {
            start(ctx, account, stored, room, customer);
        } else if (status != AppointmentStatus.IN_CALL) {
            events.send(ctx, new ServerEvent.CallRefused(id, "NOT_IN_CALL"));
        } else if (signal instanceof CallSignal.HangUp) {
            complete(id, account.id(), "advisor");
            events.sendTo(account.id(), new ServerEvent.CallHangUp(id, "advisor"));
            if (room != null) {
                endRoom(room, "advisor");
            }
        } else if (customer == null) {
            events.send(ctx, new ServerEvent.CallRefused(id, "CUSTOMER_ABSENT"));
        } else if (signal instanceof CallSignal.Answer answer) {
            sendToPage(customer, new PageSignal.Answer(answer.sdp()));
        } else if (signal instanceof CallSignal.Candidate c) {
            sendToPage(customer, new PageSignal.Candidate(c.mid(), c.candidate()));
        } else if (signal instanceof CallSignal.Connection c) {
            sendToPage(customer, new PageSignal.Connection(connectionState(c.state())));
        } else {
            events.send(ctx, new ServerEvent.CallRefused(id, "NOT_ALLOWED"));
        }
    }

    /** The advisor starts (or, after their app restarted, resumes) the call with the waiting customer. */
    private void start(WsContext ctx, Account account, AppointmentStore.Stored stored, Room room,
                       WsContext customer) {
        long id = stored.appointment().id();
        AppointmentStatus status = stored.appointment().status();
        if (customer == null) {
            events.send(ctx, new ServerEvent.CallRefused(id, "CUSTOMER_ABSENT"));
            return;
        }
        boolean startable = status == AppointmentStatus.IN_CALL
                || status == AppointmentStatus.CUSTOMER_WAITING
                && tryTransition(stored, AppointmentStatus.IN_CALL, account.id());
        if (!startable) {
            events.send(ctx, new ServerEvent.CallRefused(id, "INVALID_STATUS"));
            return;
        }
        synchronized (room) {
            room.admittedPageId = room.pageId;
        }
        records.log(id, "start", clock.instant());
        sendToPage(customer, new PageSignal.Start());
    }

    /**
     * The advisor goes on by phone: the page is told so and its socket closed, the advisor's call ends with
     * {@code by = phone}. The appointment's status is left alone (the phone call is still the consultation).
     */
    void endForPhone(long appointmentId, long advisorId) {
        Room room = rooms.get(appointmentId);
        if (room != null) {
            endRoom(room, "phone");
        }
        records.log(appointmentId, "phone-fallback", clock.instant());
        events.sendTo(advisorId, new ServerEvent.CallHangUp(appointmentId, "phone"));
    }

    // --- shared -----------------------------------------------------------------------------------

    private boolean inCall(long id) {
        return store.byId(id).map(s -> s.appointment().status() == AppointmentStatus.IN_CALL).orElse(false);
    }

    private void complete(long id, Long by, String who) {
        store.byId(id).ifPresent(stored -> tryTransition(stored, AppointmentStatus.COMPLETED, by));
        records.log(id, "hangup-" + who, clock.instant());
    }

    /** Tells the page the call is over and closes its socket; the link is then expired. */
    private void endRoom(Room room, String by) {
        WsContext customer;
        synchronized (room) {
            customer = room.customer;
            room.customer = null;
            room.pageId = null;
        }
        rooms.remove(room.appointmentId);
        if (customer != null && customer.session.isOpen()) {
            sendToPage(customer, new PageSignal.Ended(by));
            customer.closeSession(CLOSE_ENDED, "ended");
        }
    }

    private boolean tryTransition(AppointmentStore.Stored stored, AppointmentStatus to, Long by) {
        try {
            appointments.transition(stored, StatusChange.to(to), by);
            return true;
        } catch (ApiProblem e) {
            // Another request changed the status first (e.g. both sides hung up at once).
            LOG.info("appointment {}: {} -> {} not applied: {}", stored.appointment().id(),
                    stored.appointment().status(), to, e.code);
            return false;
        }
    }

    private static String connectionState(String state) {
        return "connected".equals(state) ? "connected" : "interrupted";
    }

    private static CallSignal parse(String message) {
        try {
            return Json.mapper().readValue(message, CallSignal.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void sendToPage(WsContext ctx, PageSignal message) {
        String text;
        try {
            text = Json.mapper().writerFor(PageSignal.class).writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message not serialisable", e);
        }
        Session session = ctx.session;
        // Jetty's blocking send allows one message in flight per session.
        synchronized (session) {
            if (session.isOpen()) {
                try {
                    ctx.send(text);
                } catch (Exception e) {
                    // Jetty's IOException of a socket gone meanwhile, undeclared through Javalin's Kotlin.
                    LOG.info("customer signal socket dropped: {}", e.toString());
                }
            }
        }
    }
}
