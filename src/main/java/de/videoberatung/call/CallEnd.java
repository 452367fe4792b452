package de.videoberatung.call;

/**
 * How a call ended.
 *
 * @param reason why
 * @param code the server's or engine's short technical reason for {@link Reason#REFUSED} and
 *     {@link Reason#FAILED} (for logs and support), otherwise null
 */
public record CallEnd(Reason reason, String code) {

    public enum Reason {
        /** The advisor hung up. */
        ADVISOR_HUNG_UP,
        /** The customer hung up on their page. */
        CUSTOMER_HUNG_UP,
        /** The connection was interrupted too long and did not recover. */
        CONNECTION_LOST,
        /** The server did not accept the call (e.g. the customer is no longer waiting). */
        REFUSED,
        /** The call could not be set up on this computer (media engine), or the server was not reachable. */
        FAILED,
        /** The advisor went on by phone: the video leg is closed, the appointment keeps running. */
        SWITCHED_TO_PHONE,
        /** The link was opened on a new page (a reload, another device): it waits to be admitted again. */
        CUSTOMER_IN_WAITING_ROOM
    }

    public static CallEnd of(Reason reason) {
        return new CallEnd(reason, null);
    }
}
