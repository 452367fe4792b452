package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A message the server pushes on {@code /api/v1/events}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerEvent.AppointmentChanged.class, name = "appointment"),
        @JsonSubTypes.Type(value = ServerEvent.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = ServerEvent.NotesChanged.class, name = "notes"),
})
public sealed interface ServerEvent {

    /** An appointment the receiver may see was created or changed. */
    record AppointmentChanged(Appointment appointment) implements ServerEvent {
    }

    /** First message after connecting: the server's clock, so clients can show live durations right. */
    record Hello(java.time.Instant serverTime) implements ServerEvent {
    }

    /** Some of the receiver's notes changed on the server (e.g. from another device): pull since your cursor. */
    record NotesChanged(long cursor) implements ServerEvent {
    }
}
