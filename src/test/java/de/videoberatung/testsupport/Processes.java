package de.videoberatung.testsupport;

import java.util.concurrent.TimeUnit;

/** Stopping the servers tests start (PulseAudio, coturn): politely, then by force. */
public final class Processes {

    private Processes() {
    }

    /** SIGTERM, up to 5 s to exit, then SIGKILL. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
