package de.videoberatung.testsupport.netlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards TCP from the lab's root-side address to a server on loopback. The demo server always binds to
 * loopback (its accounts have published passwords), which a namespace cannot reach: the customer's browser
 * reaches it through this forwarder on the test network instead, and the product stays as it is.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    TcpForwarder(InetAddress listenOn, int listenPort, int targetPort) throws IOException {
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(listenOn, listenPort), 50);
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "netlab-forward-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The forwarder's address on the test network. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    continue; // one failed connection (target not up yet): the client sees it closed
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16_384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // either side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "netlab-forward-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        open.forEach(this::closeQuietly);
    }
}
