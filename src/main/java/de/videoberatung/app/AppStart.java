package de.videoberatung.app;

import de.videoberatung.api.ApiException;
import de.videoberatung.api.SessionResponse;
import de.videoberatung.devices.DeviceServices;
import de.videoberatung.threads.NamedThreads;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The start-up work that needs no JavaFX: the local store, in demo mode the embedded server and the demo sign-in.
 * It runs on its own thread ({@code app-start}) while the FX toolkit starts and the start screen is drawn, so
 * neither waits for the other (docs/architecture.md, "Start-up").
 */
final class AppStart {

    /** What the FX thread receives: the services, and in demo mode the session signed in by itself (else null). */
    record Started(AppContext context, SessionResponse demoSession) {
    }

    private AppStart() {
    }

    /** The configured server is reached over plain HTTP and is not this machine: refused (docs/security.md). */
    static final class InsecureServer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient URI server;

        InsecureServer(URI server) {
            super("server address is not https: " + server);
            this.server = server;
        }
    }

    /** Starts the work now; the future completes on {@code app-start}. */
    static CompletableFuture<Started> begin(AppConfig config, Clock clock,
                                            CompletableFuture<DeviceServices> devices) {
        CompletableFuture<Started> started = new CompletableFuture<>();
        if (!ServerTrust.acceptable(config.serverUrl())) {
            started.completeExceptionally(new InsecureServer(config.serverUrl()));
            return started;
        }
        NamedThreads.start("app-start", () -> {
            try {
                AppContext context = AppContext.start(config, clock, devices);
                try {
                    SessionResponse session = config.demo() ? context.signInDemo() : null;
                    StartupTrace.mark("signed-in");
                    started.complete(new Started(context, session));
                } catch (ApiException | RuntimeException e) {
                    context.close();
                    throw e;
                }
            } catch (ApiException | RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }
}
