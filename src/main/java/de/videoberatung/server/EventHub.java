package de.videoberatung.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Json;
import de.videoberatung.api.Role;
import de.videoberatung.api.ServerEvent;
import io.javalin.websocket.WsContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open event streams of signed-in users, and who gets which event: an appointment change goes to
 * its advisor and to the team leads of its team, nobody else.
 */
final class EventHub {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    /** Close code of a stream whose session ended (signed out, expired, account disabled): sign in again. */
    static final int SESSION_ENDED = 4401;

    /** @param tokenHash the hash of the bearer token the stream was opened with */
    private record Subscriber(WsContext ws, Account account, String tokenHash) {
    }

    /** Appointments per batch message: a few hundred kilobytes, well below what a client reads at once. */
    private static final int BATCH = 250;

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();

    void add(WsContext ws, Account account, String tokenHash) {
        subscribers.put(ws.sessionId(), new Subscriber(ws, account, tokenHash));
    }

    /** Closes at once every stream of an account (disabled, role changed, password reset). */
    void closeAccount(long accountId) {
        closeWhere(s -> s.account().id() == accountId);
    }

    /** Closes at once the streams opened with one session (its sign-out). */
    void closeSession(String tokenHash) {
        closeWhere(s -> s.tokenHash().equals(tokenHash));
    }

    /** The token hashes of the open streams (an open stream keeps its session from idling out). */
    Set<String> openTokenHashes() {
        Set<String> hashes = new HashSet<>();
        subscribers.values().forEach(s -> hashes.add(s.tokenHash()));
        return hashes;
    }

    /** Closes every stream whose token no longer opens a session (expired, or ended by another process). */
    void closeEnded(Predicate<String> tokenStillValid) {
        closeWhere(s -> !tokenStillValid.test(s.tokenHash()));
    }

    private void closeWhere(Predicate<Subscriber> ended) {
        for (Subscriber s : subscribers.values()) {
            if (ended.test(s)) {
                subscribers.remove(s.ws().sessionId());
                synchronized (s) {
                    try {
                        s.ws().closeSession(SESSION_ENDED, "session ended");
                    } catch (RuntimeException e) {
                        LOG.info("event stream {} already gone: {}", s.ws().sessionId(), e.toString());
                    }
                }
            }
        }
    }

    void remove(WsContext ws) {
        subscribers.remove(ws.sessionId());
    }

    int size() {
        return subscribers.size();
    }

    /** Sends a change of {@code stored} to everyone allowed to see it. */
    void appointmentChanged(AppointmentStore.Stored stored) {
        for (Subscriber s : subscribers.values()) {
            Appointment visible = visibleTo(s, stored);
            if (visible != null) {
                send(s, new ServerEvent.AppointmentChanged(visible));
            }
        }
    }

    /** What {@code s} may see of {@code stored}: all of it (its advisor), the team's view (a team lead), or null. */
    private static Appointment visibleTo(Subscriber s, AppointmentStore.Stored stored) {
        Appointment a = stored.appointment();
        if (s.account().id() == a.advisorId()) {
            return a;
        }
        if (s.account().role() == Role.TEAM_LEAD && s.account().teamId() == stored.teamId()) {
            return TeamProjection.of(a);
        }
        return null;
    }

    /**
     * Sends many changes (an import) to everyone allowed to see them: each receiver gets the ones they may see,
     * a few hundred per message.
     */
    void appointmentsChanged(List<AppointmentStore.Stored> changed) {
        for (Subscriber s : subscribers.values()) {
            List<Appointment> visible = new ArrayList<>();
            for (AppointmentStore.Stored stored : changed) {
                Appointment a = visibleTo(s, stored);
                if (a != null) {
                    visible.add(a);
                }
            }
            for (int i = 0; i < visible.size(); i += BATCH) {
                send(s, new ServerEvent.AppointmentsChanged(visible.subList(i, Math.min(visible.size(), i + BATCH))));
            }
        }
    }

    /** Sends {@code event} to every open stream of one account. */
    void sendTo(long accountId, ServerEvent event) {
        for (Subscriber s : subscribers.values()) {
            if (s.account().id() == accountId) {
                send(s, event);
            }
        }
    }

    void send(WsContext ws, ServerEvent event) {
        Subscriber s = subscribers.get(ws.sessionId());
        if (s != null) {
            send(s, event);
        }
    }

    private void send(Subscriber s, ServerEvent event) {
        String text;
        try {
            text = Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable", e);
        }
        // Jetty's blocking send allows one message in flight per session.
        synchronized (s) {
            try {
                if (s.ws().session.isOpen()) {
                    s.ws().send(text);
                }
            } catch (Exception e) {
                // Also Jetty's IOException of a stream gone meanwhile, undeclared through Javalin's Kotlin.
                LOG.info("event stream {} dropped: {}", s.ws().sessionId(), e.toString());
                subscribers.remove(s.ws().sessionId());
            }
        }
    }
}
