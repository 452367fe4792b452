package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A call signalling message a client sends to the server: the advisor's app on {@code /api/v1/events},
 * the customer's page on {@code /api/v1/join/{token}/signal}. The server relays it only between an
 * appointment's advisor and the current holder of its join link. The customer's page never names an
 * appointment (its link does), so {@code appointmentId} is read from the advisor only.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CallSignal.Start.class, name = "start"),
        @JsonSubTypes.Type(value = CallSignal.Offer.class, name = "offer"),
        @JsonSubTypes.Type(value = CallSignal.Answer.class, name = "answer"),
        @JsonSubTypes.Type(value = CallSignal.Candidate.class, name = "candidate"),
        @JsonSubTypes.Type(value = CallSignal.HangUp.class, name = "hangup"),
        @JsonSubTypes.Type(value = CallSignal.Connection.class, name = "connection"),
        @JsonSubTypes.Type(value = CallSignal.Ping.class, name = "ping"),
})
public sealed interface CallSignal {

    long appointmentId();

    /** Advisor: start the call; the server tells the customer's page to send an offer. */
    record Start(long appointmentId) implements CallSignal {
    }

    /** Customer: a session description offer from a fresh peer connection (first call or reconnect). */
    record Offer(long appointmentId, String sdp) implements CallSignal {
    }

    /** Advisor: the engine's answer to the latest offer. */
    record Answer(long appointmentId, String sdp) implements CallSignal {
    }

    /** Either side: a trickled ICE candidate line for the m-line {@code mid}. */
    record Candidate(long appointmentId, String mid, String candidate) implements CallSignal {
    }

    /** Either side ends the call. */
    record HangUp(long appointmentId) implements CallSignal {
    }

    /** Either side reports how its media connection is: {@code connected} or {@code interrupted}. */
    record Connection(long appointmentId, String state) implements CallSignal {
    }

    /** Customer: keeps the socket alive (a page that goes away silently frees its link after the idle timeout). */
    record Ping(long appointmentId) implements CallSignal {
    }
}
