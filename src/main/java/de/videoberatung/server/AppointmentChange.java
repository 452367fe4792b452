package de.videoberatung.server;

/**
 * One change of an appointment, as every {@link AppointmentListener} hears of it.
 *
 * @param before the appointment before the change; null when it was created
 * @param after the appointment after the change
 */
record AppointmentChange(Kind kind, AppointmentStore.Stored before, AppointmentStore.Stored after) {

    enum Kind {
        /** Created ("Neuer Termin", the scheduling system, an import). */
        CREATED,
        /** Edited: new times (a reschedule), customer, contact data, topic or channel. */
        EDITED,
        /** A status change through the state machine, cancellation included. */
        STATUS
    }

    /** Whether the appointment now takes place at another time. */
    boolean rescheduled() {
        return before != null && kind == Kind.EDITED
                && (!before.appointment().startsAt().equals(after.appointment().startsAt())
                || !before.appointment().endsAt().equals(after.appointment().endsAt()));
    }
}
