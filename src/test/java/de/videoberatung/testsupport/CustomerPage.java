package de.videoberatung.testsupport;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.Json;
import de.videoberatung.api.PageSignal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The customer's join page as the browser drives it, without a browser: consent, then the signalling socket
 * under this page's id (what puts the appointment into the waiting room). A new {@code CustomerPage} is a new
 * page (a reload, another device); {@link #reconnect()} is the same page on a new socket.
 */
public final class CustomerPage implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;
    private final String token;
    private final String pageId = UUID.randomUUID().toString().replace("-", "");
    private final BlockingQueue<PageSignal> received = new LinkedBlockingQueue<>();
    private volatile WebSocket socket;
    private volatile int closeCode = -1;
    private final AtomicInteger generations = new AtomicInteger();

    private CustomerPage(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Opens {@code a}'s link on a new page: consents and connects (the page is then in the waiting room). */
    public static CustomerPage open(Appointment a) throws IOException, InterruptedException {
        return open(a, URI.create(a.joinUrl()).resolve("/"));
    }

    /** The same at {@code server}, where the server listens (its links name its public URL, which may differ). */
    public static CustomerPage open(Appointment a, URI server) throws IOException, InterruptedException {
        URI link = URI.create(a.joinUrl());
        CustomerPage page = new CustomerPage(server, link.getPath().substring("/j/".length()));
        page.consent();
        page.reconnect();
        page.awaitFirstSignal();
        return page;
    }

    /**
     * Until the server has answered the socket (Welcome, or Taken for a second page): only then is the
     * appointment in the waiting room, and a switch or an admission by the advisor meets it there. The signal
     * stays for {@link #next}.
     */
    private void awaitFirstSignal() {
        Poll.until("the server answers the page's socket", Duration.ofSeconds(10), () -> !received.isEmpty());
    }

    private void consent() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("api/v1/join/" + token + "/consent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"textVersion\":\"2026-12-v2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new AssertionError("consent refused: " + r.statusCode() + " " + r.body());
        }
    }

    /** This page on a new signalling socket (the old one, if open, is replaced by the server). */
    public CustomerPage reconnect() {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "api/v1/join/" + token
                + "/signal?page=" + pageId);
        closeCode = -1;
        int generation = generations.incrementAndGet();
        socket = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        received.add(Json.mapper().readValue(text.toString(), PageSignal.class));
                    } catch (IOException e) {
                        throw new IllegalStateException("unreadable page signal: " + text, e);
                    }
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                if (generation == generations.get()) {
                    closeCode = statusCode;
                }
                return null;
            }
        }).join();
        return this;
    }

    /** The next signal of type {@code type}, skipping others; fails after 10 s. */
    public <T extends PageSignal> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            PageSignal s = received.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(s)) {
                return type.cast(s);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " arrived on the page");
    }

    /** Sends a signal as the page's script does (a {@code CallSignal} JSON text). */
    public void send(String json) {
        socket.sendText(json, true).join();
    }

    /** The close code of the current socket, or -1 while it is open. */
    public int closeCode() {
        return closeCode;
    }

    /** The page goes away (tab closed). */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "page closed").join();
        } catch (CompletionException e) {
            // The server closed it in between (a refused page): the client answered that close itself.
            if (!ws.isOutputClosed()) {
                throw e;
            }
        }
    }
}
