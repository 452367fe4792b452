package de.videoberatung.testsupport.netlab;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The userspace half of a shaped link (the kernel has no netem): copies IPv4 packets between two TUN
 * devices after the profile's delay and jitter, dropping the profile's share at random, the same in both
 * directions. The rate and its queue are the kernel's tbf on each device's egress, before the relay reads.
 * Only packets to addresses inside the lab's own subnet are copied; everything else is dropped, so nothing
 * leaves the test network. The link can be cut (every packet dropped) and restored at run time.
 */
final class LinkRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkRelay.class);

    private final Direction up;
    private final Direction down;
    private volatile boolean cut;
    private volatile boolean running = true;

    /**
     * @param root the device on the root side (packets read there travel to the customer)
     * @param customer the device inside the customer's namespace
     * @param subnet the lab's /24 as the first three octets
     */
    LinkRelay(Tun root, Tun customer, LinkProfile profile, byte[] subnet, long seed) {
        this.down = new Direction("down", root, customer, profile, subnet, new Random(seed));
        this.up = new Direction("up", customer, root, profile, subnet, new Random(seed + 1));
        down.start();
        up.start();
    }

    /** Drops everything in both directions while {@code cut} holds, as an unplugged cable does. */
    void cut(boolean value) {
        cut = value;
    }

    /** Packets dropped at random or by a cut, both directions. */
    long dropped() {
        return up.dropped.get() + down.dropped.get();
    }

    /** Packets delivered, both directions. */
    long delivered() {
        return up.delivered.get() + down.delivered.get();
    }

    @Override
    public void close() {
        running = false;
        up.stop();
        down.stop();
    }

    private record Pending(long dueNanos, byte[] packet) {
    }

    /** One direction: a reader that decides each packet's fate and a writer that delivers it when due. */
    private final class Direction {
        private final String name;
        private final Tun from;
        private final Tun to;
        private final LinkProfile profile;
        private final byte[] subnet;
        private final Random random;
        private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();
        private final Thread reader;
        private final Thread writer;
        private long lastDue;

        Direction(String name, Tun from, Tun to, LinkProfile profile, byte[] subnet, Random random) {
            this.name = name;
            this.from = from;
            this.to = to;
            this.profile = profile;
            this.subnet = subnet;
            this.random = random;
            this.reader = new Thread(this::read, "netlab-relay-" + name + "-read");
            this.writer = new Thread(this::write, "netlab-relay-" + name + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
        }

        void start() {
            reader.start();
            writer.start();
        }

        void stop() {
            LockSupport.unpark(writer);
            try {
                reader.join(1000);
                writer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void read() {
            byte[] buffer = new byte[65_536];
            try {
                while (running) {
                    int n = from.read(buffer, 100);
                    if (n < 0) {
                        return;
                    }
                    if (n < 20 || (buffer[0] >> 4) != 4 || !inSubnet(buffer)) {
                        continue; // not IPv4, or not for an address of the lab: never forwarded
                    }
                    if (cut || random.nextDouble() * 100 < profile.lossPercent()) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    long delay = TimeUnit.MILLISECONDS.toNanos(profile.delayMs());
                    if (profile.jitterMs() > 0) {
                        delay += (long) ((random.nextDouble() * 2 - 1) * TimeUnit.MILLISECONDS.toNanos(profile.jitterMs()));
                    }
                    // Packets keep their order: jitter never lets one overtake the one before.
                    long due = Math.max(lastDue, System.nanoTime() + delay);
                    lastDue = due;
                    byte[] packet = new byte[n];
                    System.arraycopy(buffer, 0, packet, 0, n);
                    queue.add(new Pending(due, packet));
                }
            } catch (IOException e) {
                if (running) {
                    LOG.warn("relay {} stopped reading: {}", name, e.getMessage());
                }
            }
        }

        private boolean inSubnet(byte[] packet) {
            return packet[16] == subnet[0] && packet[17] == subnet[1] && packet[18] == subnet[2];
        }

        private void write() {
            try {
                while (running) {
                    Pending p = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (p == null) {
                        continue;
                    }
                    long now;
                    while (running && (now = System.nanoTime()) < p.dueNanos) {
                        LockSupport.parkNanos(this, p.dueNanos - now);
                    }
                    if (cut) {
                        dropped.incrementAndGet(); // in flight when the cable was pulled
                        continue;
                    }
                    to.write(p.packet, p.packet.length);
                    delivered.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                if (running) {
                    LOG.warn("relay {} stopped writing: {}", name, e.getMessage());
                }
            }
        }
    }
}
