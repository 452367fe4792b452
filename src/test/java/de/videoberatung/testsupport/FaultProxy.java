package de.videoberatung.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on loopback between a client and the server that can fail on purpose: refuse every
 * connection ("network down"), or let a request through and cut the connection once the server starts
 * to answer it ("committed, but the reply never arrived").
 */
public final class FaultProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> cutReplyTo = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, Duration> replyDelays = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile boolean stalled;
    private volatile boolean closed;

    public FaultProxy(URI server) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address clients use instead of the server's. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    /** Network down: open connections are cut, new ones are closed at once. */
    public void setDown(boolean value) {
        down = value;
        if (value) {
            open.forEach(FaultProxy::closeQuietly);
        }
    }

    /**
     * A dead path without any close: bytes in both directions are dropped, connections stay open (Wi-Fi gone,
     * a NAT entry expired). Only a heartbeat notices this.
     */
    public void setStalled(boolean value) {
        stalled = value;
    }

    /** The next request starting with {@code requestLinePrefix} reaches the server, its reply does not. */
    public void cutNextReplyTo(String requestLinePrefix) {
        cutReplyTo.set(requestLinePrefix);
    }

    /**
     * Holds every chunk of the replies to requests starting with {@code requestLinePrefix} this long before
     * passing it on: a slow path, which keeps those requests observably under way (the server has answered,
     * the client does not know yet). {@link Duration#ZERO} removes the delay.
     */
    public void delayReplies(String requestLinePrefix, Duration delay) {
        if (delay.isZero()) {
            replyDelays.remove(requestLinePrefix);
        } else {
            replyDelays.put(requestLinePrefix, delay);
        }
    }

    private Duration replyDelay(String requestLine) {
        return replyDelays.entrySet().stream().filter(e -> requestLine.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(Duration.ZERO);
    }

    /** How many requests whose first line starts with {@code requestLinePrefix} went through so far. */
    public int requests(String requestLinePrefix) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(requestLinePrefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** How many replies were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (down) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(target, 2000);
                } catch (IOException refused) {
                    // The server is down: the client is refused at once, as it would be without the proxy,
                    // instead of waiting for its own connect timeout on a connection nobody serves.
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                open.add(client);
                open.add(server);
                Connection connection = new Connection(client, server);
                start("fault-proxy-up", connection::upstream);
                start("fault-proxy-down", connection::downstream);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static void start(String name, Runnable pump) {
        Thread t = new Thread(pump, name);
        t.setDaemon(true);
        t.start();
    }

    /** One client connection and its server leg. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private volatile boolean cutReply;
        private volatile String request = "";

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void upstream() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (stalled) {
                        continue;
                    }
                    String head = new String(buffer, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
                    if (head.matches("(?s)^[A-Z]+ /.*")) {
                        request = head.split("\r?\n", 2)[0];
                        requests.computeIfAbsent(request, k -> new AtomicInteger()).incrementAndGet();
                    }
                    String prefix = cutReplyTo.get();
                    // HTTP/1.1 clients send one request at a time; a request's head arrives first in a chunk.
                    if (prefix != null && new String(buffer, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1)
                            .startsWith(prefix) && cutReplyTo.compareAndSet(prefix, null)) {
                        cutReply = true;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side closed; closing both legs below ends the connection.
            } finally {
                closeBoth();
            }
        }

        void downstream() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (stalled) {
                        continue;
                    }
                    Duration delay = replyDelay(request);
                    if (!delay.isZero()) {
                        // Simulated latency of the path, not a wait for a condition.
                        Thread.sleep(delay.toMillis());
                    }
                    if (cutReply) {
                        // The server has committed and answers: the answer is lost on the way.
                        cuts.incrementAndGet();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // As above.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(server);
            open.remove(client);
            open.remove(server);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that is already broken: nothing left to release.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        open.forEach(FaultProxy::closeQuietly);
    }
}
