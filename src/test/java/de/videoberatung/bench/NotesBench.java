package de.videoberatung.bench;

import com.sun.net.httpserver.HttpServer;
import de.videoberatung.api.ApiClient;
import de.videoberatung.api.Appointment;
import de.videoberatung.api.Json;
import de.videoberatung.api.NoteContent;
import de.videoberatung.api.NoteDto;
import de.videoberatung.api.NoteMutation;
import de.videoberatung.api.NotePage;
import de.videoberatung.api.NotePush;
import de.videoberatung.server.ConsultationServer;
import de.videoberatung.server.ServerOptions;
import de.videoberatung.store.LocalNote;
import de.videoberatung.store.LocalNotes;
import de.videoberatung.store.LocalStore;
import de.videoberatung.store.NoteTarget;
import de.videoberatung.sync.NoteSync;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Note sync figures: first sync of 10,000 notes into an empty client (with the client's peak heap), the
 * same notes' JSON fetched by one plain HTTP request over loopback as the reference, and the round trip
 * of one edit from the local save to the server's confirmed commit.
 * Run: {@code mvn -B -Pbench -DskipTests verify -Dbench.main=de.videoberatung.bench.NotesBench}
 */
public final class NotesBench {

    static final int NOTES = 10_000;
    static final int EDITS = 30;

    private NotesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("notes-bench");
        try (ConsultationServer server = ConsultationServer.create(ServerOptions.builder(dir.resolve("server"))
                .demo(true).demoTime(LocalTime.of(7, 0)).build()).start()) {
            ApiClient seeder = new ApiClient(server.baseUri());
            seeder.login("demo.berater", "demo");
            List<Appointment> day = seeder.appointments(LocalDate.now(ZoneId.of("Europe/Berlin")));
            seed(seeder, day);

            LocalStore store = LocalStore.open(dir.resolve("client"));
            LocalNotes notes = new LocalNotes(store, Clock.systemUTC());
            ApiClient api = new ApiClient(server.baseUri());
            long userId = api.login("demo.berater", "demo").user().id();

            System.gc();
            long baseline = heapUsed();
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(heapUsed(), Math::max);
                    LockSupport.parkNanos(5_000_000);
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            NoteSync sync = new NoteSync(api, notes, userId, NoteSync.Settings.defaults(), e -> { }).start();
            await(() -> notes.count(userId) >= NOTES && notes.cursor(userId) > 0);
            double syncSeconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();

            double referenceSeconds = plainHttpReference(seeder);

            System.out.printf("BENCH notes.firstSync.seconds %.3f%n", syncSeconds);
            System.out.printf("BENCH notes.firstSync.notesPerSecond %.0f%n", NOTES / syncSeconds);
            System.out.printf("BENCH notes.plainHttp.seconds %.3f%n", referenceSeconds);
            System.out.printf("BENCH notes.firstSync.ratioToPlainHttp %.1f%n", syncSeconds / referenceSeconds);
            System.out.printf("BENCH notes.firstSync.peakHeapMB %.1f (baseline %.1f)%n", peak.get() / 1e6,
                    baseline / 1e6);

            double[] roundTrips = editRoundTrips(notes, userId, day.get(0));
            Arrays.sort(roundTrips);
            System.out.printf("BENCH notes.editRoundTrip.medianMs %.1f%n", roundTrips[roundTrips.length / 2]);
            System.out.printf("BENCH notes.editRoundTrip.p95Ms %.1f%n", roundTrips[(int) (roundTrips.length * 0.95)]);
            sync.close();
            store.close();
        }
    }

    /** 10,000 notes of realistic length, pushed through the API as other devices would have. */
    private static void seed(ApiClient client, List<Appointment> day) throws Exception {
        String text = "Kunde berichtet über Bewerbungen bei drei Betrieben; zwei Absagen, ein Vorstellungsgespräch "
                + "am Donnerstag. Wunsch nach Weiterbildung im Lager (Staplerschein). ";
        List<NoteMutation> batch = new ArrayList<>();
        for (int i = 0; i < NOTES; i++) {
            Appointment a = day.get(i % day.size());
            batch.add(new NoteMutation(UUID.randomUUID().toString(), UUID.randomUUID().toString(), a.id(), null, 0,
                    new NoteContent(text.repeat(3) + i, "Arbeitsaufnahme", "Bewerbungen laufen",
                            "Nachweise bis nächste Woche", null), false, false, false, Instant.now()));
            if (batch.size() == NotePush.MAX_MUTATIONS) {
                client.pushNotes(new NotePush("bench-seed", batch));
                batch = new ArrayList<>();
            }
        }
    }

    /** The same notes as one JSON document, served by the JDK's HTTP server and fetched by one plain GET. */
    private static double plainHttpReference(ApiClient client) throws Exception {
        List<NoteDto> all = new ArrayList<>();
        long cursor = 0;
        NotePage page;
        do {
            page = client.pullNotes(cursor, NotePage.MAX_LIMIT);
            all.addAll(page.notes());
            cursor = page.cursor();
        } while (page.more());
        byte[] json = Json.mapper().writeValueAsBytes(all);
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/notes", exchange -> {
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        plain.start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/notes");
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                byte[] body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                        .body();
                if (body.length != json.length) {
                    throw new IllegalStateException("short read");
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            System.out.printf("BENCH notes.json.megabytes %.1f%n", json.length / 1e6);
            return best;
        } finally {
            plain.stop(0);
        }
    }

    /** Save (what the editor does once typing settles) until the server confirmed the commit. */
    private static double[] editRoundTrips(LocalNotes notes, long userId, Appointment a) {
        NoteTarget target = new NoteTarget(UUID.randomUUID().toString(), userId, a.id(), a.customerNumber(),
                a.startsAt(), null);
        double[] millis = new double[EDITS];
        StringBuilder text = new StringBuilder("Notiz");
        for (int i = 0; i < EDITS; i++) {
            text.append(" Satz ").append(i).append('.');
            long start = System.nanoTime();
            notes.save(target, new NoteContent(text.toString(), "", "", "", null));
            await(() -> notes.byId(target.noteId()).map(n -> n.state() == LocalNote.SyncState.SYNCED).orElse(false));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not reached in time");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
