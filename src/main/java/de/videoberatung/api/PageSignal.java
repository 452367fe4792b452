package de.videoberatung.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A call signalling message the server sends to the customer's page on {@code /api/v1/join/{token}/signal}
 * (the page's counterpart of {@link ServerEvent}'s call events for the advisor; what the page sends is a
 * {@link CallSignal}). The page's link names the appointment, so no message carries its id. The JSON is
 * {@code {"type": "...", ...fields}}, read by {@code web/join.js}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PageSignal.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = PageSignal.Start.class, name = "start"),
        @JsonSubTypes.Type(value = PageSignal.Answer.class, name = "answer"),
        @JsonSubTypes.Type(value = PageSignal.Candidate.class, name = "candidate"),
        @JsonSubTypes.Type(value = PageSignal.Connection.class, name = "connection"),
        @JsonSubTypes.Type(value = PageSignal.Ended.class, name = "ended"),
        @JsonSubTypes.Type(value = PageSignal.Taken.class, name = "taken"),
        @JsonSubTypes.Type(value = PageSignal.Refused.class, name = "refused"),
})
public sealed interface PageSignal {

    /** The page is connected; {@code status} is the appointment's (the page shows the waiting room unless IN_CALL). */
    record Welcome(AppointmentStatus status) implements PageSignal {
    }

    /** The advisor starts the call: the page sends an offer from a fresh peer connection. */
    record Start() implements PageSignal {
    }

    /** The advisor's answer to the page's latest offer. */
    record Answer(String sdp) implements PageSignal {
    }

    /** A trickled ICE candidate of the advisor for the m-line {@code mid}. */
    record Candidate(String mid, String candidate) implements PageSignal {
    }

    /** How the advisor's media connection is: {@code connected} or {@code interrupted}. */
    record Connection(String state) implements PageSignal {
    }

    /** The call is over; {@code by} is {@code customer}, {@code advisor} or {@code phone}. */
    record Ended(String by) implements PageSignal {
    }

    /** The link is open in another page, which holds the call. */
    record Taken() implements PageSignal {
    }

    /** A message of the page was not accepted; {@code code} says why (MALFORMED, NOT_IN_CALL, NOT_ALLOWED). */
    record Refused(String code) implements PageSignal {
    }
}
