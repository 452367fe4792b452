package de.videoberatung.server;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code videoberatung server [--demo] [--port N] [--data DIR] [--bind ADDR] [--public-url URL]
 * [--stun-urls URLS] [--turn-urls URLS --turn-secret SECRET [--turn-ttl SECONDS]]}: the server alone.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void run(List<String> args) throws InterruptedException {
        ServerOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: videoberatung server [--demo] [--port N] [--data DIR] [--bind ADDR]"
                    + " [--public-url URL] [--demo-time HH:MM] [--stun-urls URLS]"
                    + " [--turn-urls URLS --turn-secret SECRET [--turn-ttl SECONDS]]");
            System.exit(2);
            return;
        }
        // Before the first logger is created: logback reads it to place the log file.
        System.setProperty("videoberatung.logDir", options.dataDir().resolve("logs").toAbsolutePath().toString());
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

    static ServerOptions parse(List<String> args) {
        Path data = Path.of("videoberatung-data");
        ServerOptions.Builder builder = null;
        boolean demo = false;
        Integer port = 8080;
        String bind = "0.0.0.0";
        String publicUrl = null;
        LocalTime demoTime = null;
        List<String> stunUrls = List.of();
        List<String> turnUrls = List.of();
        String turnSecret = null;
        java.time.Duration turnTtl = java.time.Duration.ofHours(1);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--demo" -> demo = true;
                case "--port" -> port = Integer.valueOf(value(args, ++i, arg));
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--bind" -> bind = value(args, ++i, arg);
                case "--public-url" -> publicUrl = value(args, ++i, arg);
                case "--demo-time" -> demoTime = LocalTime.parse(value(args, ++i, arg));
                case "--stun-urls" -> stunUrls = urls(value(args, ++i, arg));
                case "--turn-urls" -> turnUrls = urls(value(args, ++i, arg));
                case "--turn-secret" -> turnSecret = value(args, ++i, arg);
                case "--turn-ttl" -> turnTtl = java.time.Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        builder = ServerOptions.builder(data).demo(demo).port(port).bindAddress(bind).demoTime(demoTime)
                .stunUrls(stunUrls).turn(turnUrls, turnSecret).turnTtl(turnTtl);
        if (publicUrl != null) {
            builder.publicUrl(java.net.URI.create(publicUrl));
        }
        return builder.build();
    }

    /** A comma-separated list of URLs (the {@code stun.urls}/{@code turn.urls} form). */
    private static List<String> urls(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
