package de.videoberatung.server;

/**
 * Hears of every appointment change ({@link AppointmentService} is the one way appointments change). Called
 * inside the change's database transaction, before the event stream is told: what a listener writes through
 * the server's database joins that transaction (e.g. an outbox row for an invitation), and a listener that
 * throws undoes the change. Keep it quick: no network.
 */
@FunctionalInterface
interface AppointmentListener {
    void changed(AppointmentChange change);
}
