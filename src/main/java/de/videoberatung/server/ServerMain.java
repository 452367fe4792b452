package de.videoberatung.server;

import de.videoberatung.logging.LogSetup;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code videoberatung server [--config FILE] [--demo] [--port N] [--data DIR] [--bind ADDR] [--public-url URL]
 * [--demo-time HH:MM]}: the server alone (options and keys: {@link ServerConfig}); {@code videoberatung server admin
 * ...}: user administration on its data ({@link AdminCommand}).
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void run(List<String> args) throws InterruptedException {
        if (!args.isEmpty() && args.get(0).equals("admin")) {
            int code = AdminCommand.run(args.subList(1, args.size()), System.in,
                    new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.console());
            System.exit(code);
            return;
        }
        if (ServerConfig.helpRequested(args)) {
            System.out.print(ServerConfig.usage());
            return;
        }
        ServerOptions options;
        try {
            options = ServerConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ServerConfig.usage());
            System.exit(2);
            return;
        }
        Listeners.applyJdkTlsSettings();
        LogSetup.logTo(options.dataDir().resolve("logs").toAbsolutePath());
        ConsultationServer server = ConsultationServer.create(options).start();
        System.out.println("Videoberatung server listening on " + server.baseUri()
                + (options.demo() ? " (demo data, loopback only)" : ""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "server-shutdown"));
        stopped.await();
    }
}
