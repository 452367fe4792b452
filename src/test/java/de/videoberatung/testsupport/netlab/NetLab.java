package de.videoberatung.testsupport.netlab;

import de.videoberatung.testsupport.Coturn;
import de.videoberatung.testsupport.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shaped network for one test: the customer's side in its own network namespace, joined to the root
 * namespace by two TUN devices and a {@link LinkRelay} (delay, jitter, loss) with the kernel's tbf on
 * both devices' egress (the rate, with a queue of 200 ms at that rate, tail drop). The lab's addresses
 * come from one /24 of 10.0.0.0/8 chosen once per JVM among those no interface or route of the machine
 * uses: {@code .1} on the root side, {@code .2} (later {@code .3}, ...) for the customer. Nothing routes
 * beyond that /24 and the relay copies nothing else. {@link #close()} removes everything: the namespace
 * (with its nftables rules), the devices, coturn; namespaces of a crashed earlier run are removed at start.
 *
 * <p>Needs root, {@code iproute2} (ip, tc), {@code nftables} and {@code coturn} (see .ci/install-test-deps).
 */
public final class NetLab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetLab.class);
    /** The root-side port {@link #forward} listens on: fixed, so browsers can be told the origin is trusted. */
    public static final int WEB_PORT = 8080;
    /** A second fixed root-side port for a test's own pages (the reference peer). */
    public static final int PAGE_PORT = 8081;
    private static final String PREFIX = "vbnl";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static byte[] subnet;

    private final String namespace;
    private final LinkProfile profile;
    private final Tun rootTun;
    private final Tun customerTun;
    private final LinkRelay relay;
    private final Path workDir;
    private final ExecutorService inNamespace;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private volatile InetAddress customerAddress;
    private int customerHost = 2;
    private boolean closed;
    private boolean advisorFirewall;
    private Thread cleanupHook;

    private NetLab(String namespace, LinkProfile profile, Tun rootTun, Tun customerTun, LinkRelay relay, Path workDir) {
        this.namespace = namespace;
        this.profile = profile;
        this.rootTun = rootTun;
        this.customerTun = customerTun;
        this.relay = relay;
        this.workDir = workDir;
        this.customerAddress = host(2);
        this.inNamespace = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                enterNamespace(namespace);
                r.run();
            }, "netlab-ns-" + namespace);
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds the lab with {@code profile}; fails clearly without root or the tools. */
    public static NetLab start(LinkProfile profile) throws IOException {
        removeStaleNamespaces();
        byte[] net = subnet();
        long pid = ProcessHandle.current().pid();
        int n = COUNTER.incrementAndGet();
        String namespace = PREFIX + "-" + pid + "-" + n;
        String id = Long.toString(pid % 100_000, 36) + n;
        String rootName = PREFIX + "r" + id;
        String customerName = PREFIX + "c" + id;
        Path workDir = Files.createTempDirectory("netlab-");
        Tun rootTun = null;
        Tun customerTun = null;
        boolean namespaceCreated = false;
        try {
            Shell.run("ip", "netns", "add", namespace);
            namespaceCreated = true;
            rootTun = Tun.create(rootName);
            customerTun = Tun.create(customerName);
            String prefix = (net[0] & 0xff) + "." + (net[1] & 0xff) + "." + (net[2] & 0xff) + ".";
            Shell.run("ip", "link", "set", customerName, "netns", namespace);
            Shell.run("ip", "addr", "add", prefix + "1/24", "dev", rootName);
            Shell.run("ip", "link", "set", rootName, "up");
            ns(namespace, "ip", "link", "set", "lo", "up");
            ns(namespace, "ip", "addr", "add", prefix + "2/24", "dev", customerName);
            ns(namespace, "ip", "link", "set", customerName, "up");
            if (profile.rateKbps() > 0) {
                shape(null, rootName, profile.rateKbps());
                shape(namespace, customerName, profile.rateKbps());
            }
            LinkRelay relay = new LinkRelay(rootTun, customerTun, profile, net, System.nanoTime());
            NetLab lab = new NetLab(namespace, profile, rootTun, customerTun, relay, workDir);
            lab.cleanupHook = new Thread(lab::closeQuietly, "netlab-cleanup-" + namespace);
            Runtime.getRuntime().addShutdownHook(lab.cleanupHook);
            LOG.info("net lab {}: {} root {}1, customer {}2", namespace, profile, prefix, prefix);
            return lab;
        } catch (IOException | RuntimeException e) {
            if (customerTun != null) {
                customerTun.close();
            }
            if (rootTun != null) {
                rootTun.close();
            }
            if (namespaceCreated) {
                Shell.tryRun("ip", "netns", "del", namespace);
            }
            throw e;
        }
    }

    /** tbf: the link's rate, a queue of 200 ms at that rate (tail drop), a burst of a few packets. */
    private static void shape(String namespace, String device, int kbps) throws IOException {
        int burstBytes = Math.max(3200, kbps * 1000 / 8 / 50); // 20 ms at the rate, at least two full packets
        String[] tc = {"tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate", kbps + "kbit",
            "burst", Integer.toString(burstBytes), "latency", "200ms"};
        if (namespace == null) {
            Shell.run(tc);
        } else {
            ns(namespace, tc);
        }
    }

    private static String ns(String namespace, String... command) throws IOException {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = namespace;
        System.arraycopy(command, 0, full, 4, command.length);
        return Shell.run(full);
    }

    /** Runs a command inside the customer's namespace; fails on a non-zero exit. */
    public String inCustomerNamespace(String... command) throws IOException {
        return ns(namespace, command);
    }

    /** The lab's /24, chosen once per JVM so ice4j's address filter (read once) stays right. */
    public static synchronized byte[] subnet() throws IOException {
        if (subnet == null) {
            String used = Shell.run("ip", "-4", "addr") + Shell.run("ip", "-4", "route", "show", "table", "all");
            Random random = new Random();
            for (int attempt = 0; attempt < 100 && subnet == null; attempt++) {
                int a = 100 + random.nextInt(150);
                int b = random.nextInt(256);
                if (!used.contains("10." + a + "." + b + ".")) {
                    subnet = new byte[] {10, (byte) a, (byte) b};
                }
            }
            if (subnet == null) {
                throw new IOException("no free /24 in 10.100.0.0-10.249.255.0");
            }
        }
        return subnet.clone();
    }

    /** The root side's address on the test network (the advisor, the server's forwarder, coturn). */
    public static InetAddress rootAddress() throws IOException {
        byte[] net = subnet();
        return InetAddress.getByAddress(new byte[] {net[0], net[1], net[2], 1});
    }

    private InetAddress host(int last) {
        try {
            byte[] net = subnet();
            return InetAddress.getByAddress(new byte[] {net[0], net[1], net[2], (byte) last});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Restricts ice4j's host candidates to the lab's root-side address, so the engine's ICE pair crosses
     * the shaped link. ice4j reads this once per JVM: call it before the first call engine starts.
     */
    public static void restrictIceToLab() throws IOException {
        System.setProperty("org.ice4j.ice.harvest.ALLOWED_ADDRESSES", rootAddress().getHostAddress());
    }

    public InetAddress customerAddress() {
        return customerAddress;
    }

    public String namespace() {
        return namespace;
    }

    public LinkProfile profile() {
        return profile;
    }

    /** A directory of this lab's files (wrapper script, logs), removed with the lab. */
    public Path workDir() {
        return workDir;
    }

    /** A browser binary that runs Chromium inside the customer's namespace (for chromedriver). */
    public Path chromiumWrapper() throws IOException {
        Path wrapper = workDir.resolve("chromium-in-" + namespace);
        if (!Files.exists(wrapper)) {
            Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + namespace + " /usr/bin/chromium \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return wrapper;
    }

    /** Cuts (true) or restores (false) the link in both directions. */
    public void cut(boolean cut) {
        relay.cut(cut);
    }

    /**
     * Changes the link's rate both ways while it runs (tbf replaced in place, the same queue rule as at the
     * start), as a mobile link whose capacity falls and comes back.
     */
    public void changeRate(int kbps) throws IOException {
        shape(null, rootTun.name(), kbps);
        shape(namespace, customerTun.name(), kbps);
    }

    /**
     * Packets the rate limit dropped (its queue full) on the way to the customer (index 0) and from the
     * customer (index 1): congestion, as opposed to the profile's random loss.
     */
    public long[] queueDrops() throws IOException {
        return new long[] {tbfDropped(Shell.run("tc", "-s", "qdisc", "show", "dev", rootTun.name())),
            tbfDropped(ns(namespace, "tc", "-s", "qdisc", "show", "dev", customerTun.name()))};
    }

    private static long tbfDropped(String stats) {
        Matcher m = Pattern.compile("dropped (\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Packets the relay dropped (at random or during a cut). */
    public long droppedPackets() {
        return relay.dropped();
    }

    /** Packets the relay delivered. */
    public long deliveredPackets() {
        return relay.delivered();
    }

    /**
     * Moves the customer to the next address of the lab, as a phone moving from Wi-Fi to mobile data: the
     * customer's interface goes down, loses its address, gets the next one and comes up again (so the
     * browser sees the network go away and come back, as it does on a real change of network).
     */
    public synchronized InetAddress changeCustomerAddress() throws IOException {
        String old = customerAddress.getHostAddress();
        customerHost++;
        InetAddress next = host(customerHost);
        String dev = customerTun.name();
        ns(namespace, "ip", "link", "set", dev, "down");
        ns(namespace, "ip", "addr", "del", old + "/24", "dev", dev);
        ns(namespace, "ip", "addr", "add", next.getHostAddress() + "/24", "dev", dev);
        ns(namespace, "ip", "link", "set", dev, "up");
        customerAddress = next;
        return next;
    }

    /**
     * A strict firewall on the customer's side: nothing in or out but loopback, replies to its own
     * connections and new TCP connections to {@code tcpPorts} (TURN over TCP, the web server).
     */
    public void blockUdpExceptTcpTo(int... tcpPorts) throws IOException {
        StringBuilder ports = new StringBuilder();
        for (int p : tcpPorts) {
            ports.append(ports.length() == 0 ? "" : ", ").append(p);
        }
        String rules = "table inet netlab {\n"
                + " chain in { type filter hook input priority 0; policy drop;\n"
                + "  iif \"lo\" accept\n  ct state established,related accept\n  counter drop\n }\n"
                + " chain out { type filter hook output priority 0; policy drop;\n"
                + "  oif \"lo\" accept\n  ct state established,related accept\n"
                + "  tcp dport { " + ports + " } accept\n  counter drop\n }\n}\n";
        Path file = workDir.resolve("firewall.nft");
        Files.writeString(file, rules);
        ns(namespace, "nft", "-f", file.toString());
    }

    /**
     * A firewall on the advisor's side (the root namespace): no UDP from this machine's root-owned sockets
     * (the engine, in this JVM) to the lab's network, the root side's own address included; TCP passes. coturn
     * runs as {@code turnserver}, so its relayed UDP to the customer still goes out. Removed with the lab.
     *
     * @param alsoTcpPorts TCP ports on the lab's network the advisor's side may not reach either
     */
    public void blockAdvisorUdp(int... alsoTcpPorts) throws IOException {
        StringBuilder tcp = new StringBuilder();
        for (int p : alsoTcpPorts) {
            tcp.append("  ip daddr ").append(subnetText()).append("/24 tcp dport ").append(p)
                    .append(" meta skuid 0 counter drop\n");
        }
        String rules = "table ip " + advisorTable() + " {\n"
                + " chain out { type filter hook output priority 0; policy accept;\n"
                + "  ip daddr " + subnetText() + "/24 meta l4proto udp meta skuid 0 counter drop\n" + tcp + " }\n}\n";
        Path file = workDir.resolve("advisor-firewall.nft");
        Files.writeString(file, rules);
        Shell.run("nft", "-f", file.toString());
        advisorFirewall = true;
    }

    /** UDP packets the advisor's firewall dropped so far. */
    public long advisorFirewallDrops() throws IOException {
        return counted(Shell.run("nft", "list", "table", "ip", advisorTable()));
    }

    private String advisorTable() {
        return namespace.replace('-', '_') + "_advisor";
    }

    private static String subnetText() throws IOException {
        byte[] net = subnet();
        return (net[0] & 0xff) + "." + (net[1] & 0xff) + "." + (net[2] & 0xff) + ".0";
    }

    private static long counted(String nftTable) {
        long total = 0;
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(nftTable);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    /** Packets the customer's firewall dropped so far (0 without {@link #blockUdpExceptTcpTo}). */
    public long firewallDrops() throws IOException {
        return counted(ns(namespace, "nft", "list", "table", "inet", "netlab"));
    }

    /** Starts coturn on the root-side address; stopped with the lab. */
    public synchronized Coturn startCoturn(String secret) throws IOException {
        return startCoturn(secret, null);
    }

    /** As {@link #startCoturn(String)}, with TURN over TLS on {@link Coturn#TLS_PORT} with {@code tls} (null: none). */
    public synchronized Coturn startCoturn(String secret, TestCertificates tls) throws IOException {
        // Standard ports: the server's turn.urls name them before any lab starts its coturn.
        Coturn.Setup setup = Coturn.on(rootAddress().getHostAddress(), secret, workDir).standardPorts()
                // Not root once listening: blockAdvisorUdp drops root's UDP to the lab, not the relay's.
                .asTurnserverUser();
        if (tls != null) {
            Path cert = tls.write(workDir.resolve("coturn-tls"), TestCertificates.KeyFormat.PKCS8);
            setup.tls(cert, cert.resolveSibling("key.pem"));
        }
        Coturn coturn = setup.start();
        owned.add(coturn);
        return coturn;
    }

    /**
     * Makes {@code loopbackPort} (e.g. the demo server) reachable at the root-side address, port
     * {@link #WEB_PORT}; closed with the lab.
     */
    public synchronized TcpForwarder forward(int loopbackPort) throws IOException {
        TcpForwarder forwarder = new TcpForwarder(rootAddress(), WEB_PORT, loopbackPort);
        owned.add(forwarder);
        return forwarder;
    }

    /**
     * The Chromium switch that treats the lab's web origins as secure: camera and microphone need a secure
     * context, which plain HTTP has only on loopback (a deployment serves the join page over HTTPS).
     */
    public static String trustedOriginsSwitch() throws IOException {
        String root = rootAddress().getHostAddress();
        return "--unsafely-treat-insecure-origin-as-secure=http://" + root + ":" + WEB_PORT + ",http://" + root + ":" + PAGE_PORT;
    }

    /** Runs {@code task} on a thread inside the customer's namespace (sockets it opens live there). */
    public <T> T inCustomerNamespace(Callable<T> task) throws IOException {
        Future<T> f = inNamespace.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("task in " + namespace + " failed", e.getCause());
        }
    }

    private static void enterNamespace(String namespace) {
        int fd = LibC.INSTANCE.open("/run/netns/" + namespace, 0);
        if (fd < 0 || LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET) != 0) {
            throw new IllegalStateException("cannot enter network namespace " + namespace);
        }
        LibC.INSTANCE.close(fd);
    }

    /** Namespaces (and advisor firewalls) left by a run that was killed (its pid is gone). */
    private static void removeStaleNamespaces() throws IOException {
        for (String line : Shell.tryRun("nft", "list", "tables").output().split("\n")) {
            String[] words = line.trim().split(" ");
            String[] parts = words[words.length - 1].split("_");
            if (parts.length == 4 && parts[0].equals(PREFIX) && parts[3].equals("advisor")
                    && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
                Shell.tryRun("nft", "delete", "table", "ip", words[words.length - 1]);
            }
        }
        for (String line : Shell.run("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            String[] parts = name.split("-");
            if (parts.length == 3 && parts[0].equals(PREFIX)) {
                long pid = Long.parseLong(parts[1]);
                if (ProcessHandle.of(pid).isEmpty()) {
                    Shell.tryRun("ip", "netns", "del", name);
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            LOG.warn("net lab {} not fully removed: {}", namespace, e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (cleanupHook != null && Thread.currentThread() != cleanupHook) {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            }
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", owned.get(i), e.getMessage());
            }
        }
        if (advisorFirewall) {
            Shell.tryRun("nft", "delete", "table", "ip", advisorTable());
        }
        inNamespace.shutdownNow();
        relay.close();
        customerTun.close();
        rootTun.close();
        Shell.Result r = Shell.tryRun("ip", "netns", "del", namespace);
        try (var files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (r.exitCode() != 0) {
            throw new IOException("ip netns del " + namespace + ": " + r.output());
        }
    }
}
