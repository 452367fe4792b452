package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/** A message the server pushes on {@code /api/v1/events}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerEvent.AppointmentChanged.class, name = "appointment"),
        @JsonSubTypes.Type(value = ServerEvent.AppointmentsChanged.class, name = "appointments"),
        @JsonSubTypes.Type(value = ServerEvent.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = ServerEvent.CustomerReady.class, name = "callCustomerReady"),
        @JsonSubTypes.Type(value = ServerEvent.CallOffer.class, name = "callOffer"),
        @JsonSubTypes.Type(value = ServerEvent.CallCandidate.class, name = "callCandidate"),
        @JsonSubTypes.Type(value = ServerEvent.CallHangUp.class, name = "callHangUp"),
        @JsonSubTypes.Type(value = ServerEvent.CallConnection.class, name = "callConnection"),
        @JsonSubTypes.Type(value = ServerEvent.CallRefused.class, name = "callRefused"),
        @JsonSubTypes.Type(value = ServerEvent.NotesChanged.class, name = "notes"),
})
public sealed interface ServerEvent {

    /** An appointment the receiver may see was created or changed. */
    record AppointmentChanged(Appointment appointment) implements ServerEvent {
    }

    /** Many appointments the receiver may see were created or changed at once (an import), in one message. */
    record AppointmentsChanged(List<Appointment> appointments) implements ServerEvent {
        public AppointmentsChanged {
            appointments = List.copyOf(appointments);
        }
    }

    /** First message after connecting: the server's clock, so clients can show live durations right. */
    record Hello(Instant serverTime) implements ServerEvent {
    }

    /** The customer's page is open (waiting room, or back after a reload during the call). */
    record CustomerReady(long appointmentId) implements ServerEvent {
    }

    /** The customer's page offers media (the first offer after "start", or a fresh one on reconnect). */
    record CallOffer(long appointmentId, String sdp) implements ServerEvent {
    }

    /** A candidate the customer's page trickled. */
    record CallCandidate(long appointmentId, String mid, String candidate) implements ServerEvent {
    }

    /** The customer hung up (or the call was ended elsewhere); {@code by} is {@code customer}, {@code advisor} or {@code phone} (the advisor went on by phone). */
    record CallHangUp(long appointmentId, String by) implements ServerEvent {
    }

    /**
     * The customer's side of the connection: {@code connected}, {@code interrupted} (their browser lost
     * the media path) or {@code left} (their page went away; they may come back with the same link).
     */
    record CallConnection(long appointmentId, String state) implements ServerEvent {
    }

    /** A call signal of the receiver was not accepted; {@code code} says why (e.g. {@code CUSTOMER_ABSENT}). */
    record CallRefused(long appointmentId, String code) implements ServerEvent {
    }

    /** Some of the receiver's notes changed on the server (e.g. from another device): pull since your cursor. */
    record NotesChanged(long cursor) implements ServerEvent {
    }
}
