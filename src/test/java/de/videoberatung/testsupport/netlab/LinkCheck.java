package de.videoberatung.testsupport.netlab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures a lab's link with UDP before a result is trusted: an echo inside the customer's namespace,
 * probes from the root side. Round trips of small paced probes give the delay and its spread; a paced
 * stream at half the link rate counted by the echo gives the one-way loss; a flood at twice the rate
 * gives the rate the far side receives.
 */
public final class LinkCheck {

    private static final byte ECHO = 0;
    private static final byte COUNT = 1;

    /**
     * @param rateKbps received rate under a flood (0 if the link is unshaped and no flood was sent)
     * @param rttMedianMs median round trip of the probes
     * @param rttMinMs fastest round trip
     * @param rttMaxMs slowest round trip
     * @param lossPercent one-way loss of the paced stream, root to customer
     */
    public record Measured(double rateKbps, double rttMedianMs, double rttMinMs, double rttMaxMs, double lossPercent) {
        @Override
        public String toString() {
            return String.format("rate %.0f kbit/s, rtt median %.1f ms (%.1f-%.1f), loss %.2f %%",
                    rateKbps, rttMedianMs, rttMinMs, rttMaxMs, lossPercent);
        }
    }

    private LinkCheck() {
    }

    /** Runs the three probes (about 8 s on a shaped link); the link must not be cut. */
    public static Measured measure(NetLab lab) throws IOException {
        LinkProfile profile = lab.profile();
        try (Echo echo = new Echo(lab);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(NetLab.rootAddress(), 0))) {
            InetSocketAddress target = echo.address;
            // 1. round trips: 100-byte probes every 20 ms for 3 s
            List<Double> rtts = new ArrayList<>();
            socket.setSoTimeout(1);
            int probes = 150;
            long next = System.nanoTime();
            long end = next + TimeUnit.SECONDS.toNanos(3) + TimeUnit.MILLISECONDS.toNanos(2L * profile.delayMs() + 500);
            int sent = 0;
            byte[] in = new byte[2048];
            while (System.nanoTime() < end) {
                if (sent < probes && System.nanoTime() >= next) {
                    send(socket, target, ECHO, sent++, 100);
                    next += TimeUnit.MILLISECONDS.toNanos(20);
                }
                DatagramPacket reply = new DatagramPacket(in, in.length);
                try {
                    socket.receive(reply);
                    long sentAt = ByteBuffer.wrap(in, 5, 8).getLong();
                    rtts.add((System.nanoTime() - sentAt) / 1e6);
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
            Collections.sort(rtts);
            if (rtts.isEmpty()) {
                throw new IOException("no probe came back over the lab's link");
            }

            // 2. one-way loss: 200-byte packets at half the link rate (or 200/s unshaped) for about 4 s
            int lossPackets = 600;
            long interval = profile.rateKbps() > 0
                    ? TimeUnit.SECONDS.toNanos(1) * 200 * 8 / (profile.rateKbps() * 1000L / 2)
                    : TimeUnit.MILLISECONDS.toNanos(5);
            interval = Math.min(interval, TimeUnit.MILLISECONDS.toNanos(7));
            echo.reset();
            pace(socket, target, lossPackets, 200, interval);
            awaitQuiet(echo, profile);
            double loss = 100.0 * (lossPackets - echo.count.get()) / lossPackets;

            // 3. rate: 1200-byte packets at twice the link rate for 2 s; the far side's arrival rate
            double rate = 0;
            if (profile.rateKbps() > 0) {
                echo.reset();
                long floodInterval = TimeUnit.SECONDS.toNanos(1) * 1200 * 8 / (profile.rateKbps() * 2000L);
                int floodPackets = (int) (TimeUnit.SECONDS.toNanos(2) / floodInterval);
                pace(socket, target, floodPackets, 1200, floodInterval);
                awaitQuiet(echo, profile);
                double seconds = (echo.last.get() - echo.first.get()) / 1e9;
                // bits between the first and the last arrival: the first packet's own bits do not count
                rate = (echo.bytes.get() - 1200 - 28) * 8 / seconds / 1000;
            }
            return new Measured(rate, rtts.get(rtts.size() / 2), rtts.get(0), rtts.get(rtts.size() - 1), loss);
        }
    }

    private static void pace(DatagramSocket socket, InetSocketAddress target, int packets, int size, long interval)
            throws IOException {
        long next = System.nanoTime();
        for (int i = 0; i < packets; i++) {
            long now;
            while ((now = System.nanoTime()) < next) {
                LockSupport.parkNanos(next - now);
            }
            send(socket, target, COUNT, i, size);
            next += interval;
        }
    }

    /** Waits until nothing more can be in flight: the queue (200 ms) plus the delay and jitter, with margin. */
    private static void awaitQuiet(Echo echo, LinkProfile profile) {
        long quiet = TimeUnit.MILLISECONDS.toNanos(200L + profile.delayMs() + profile.jitterMs() + 300);
        long lastCount = -1;
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet) {
            long c = echo.count.get();
            if (c != lastCount) {
                lastCount = c;
                since = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void send(DatagramSocket socket, InetSocketAddress target, byte type, int seq, int size)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(type).putInt(seq).putLong(System.nanoTime());
        socket.send(new DatagramPacket(b.array(), size, target));
    }

    /** The echo inside the customer's namespace: sends probes back, counts the rest. */
    private static final class Echo implements AutoCloseable {
        final DatagramSocket socket;
        final InetSocketAddress address;
        final AtomicLong count = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong first = new AtomicLong();
        final AtomicLong last = new AtomicLong();
        final Thread thread;

        Echo(NetLab lab) throws IOException {
            socket = lab.inCustomerNamespace(() -> new DatagramSocket(new InetSocketAddress(lab.customerAddress(), 0)));
            address = (InetSocketAddress) socket.getLocalSocketAddress();
            thread = new Thread(this::serve, "netlab-echo");
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            count.set(0);
            bytes.set(0);
            first.set(0);
            last.set(0);
        }

        private void serve() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                    long now = System.nanoTime();
                    if (buffer[0] == ECHO) {
                        socket.send(new DatagramPacket(buffer, p.getLength(), p.getSocketAddress()));
                    } else {
                        first.compareAndSet(0, now);
                        last.set(now);
                        count.incrementAndGet();
                        bytes.addAndGet(p.getLength() + 28L); // with IP and UDP headers, as tbf counts
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
