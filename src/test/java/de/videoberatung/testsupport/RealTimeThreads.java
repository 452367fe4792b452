package de.videoberatung.testsupport;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time (round-robin) priority for the test rig's own clock-driven threads: the microphone feeder and
 * the shaped link's relay stand in for hardware, which a busy machine does not hold up; ordinary threads
 * were held up by up to ~250 ms here under load. Only for threads that block (poll, park, write) between
 * short bursts of work, so they cannot starve the machine. Without the privilege they run as they are.
 */
public final class RealTimeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(RealTimeThreads.class);
    private static final int SCHED_RR = 2;
    private static final int PRIORITY = 10;

    private interface Sched extends Library {
        Sched INSTANCE = Native.load("c", Sched.class);

        /** {@code pid} 0: the calling thread; {@code param} is a struct sched_param (one int, the priority). */
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    private RealTimeThreads() {
    }

    /** Raises the calling thread's priority, then runs {@code body} on it. */
    public static void run(Runnable body) {
        if (Sched.INSTANCE.sched_setscheduler(0, SCHED_RR, new int[] {PRIORITY}) != 0) {
            LOG.debug("no real-time priority for {}", Thread.currentThread().getName());
        }
        body.run();
    }
}
