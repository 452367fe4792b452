package de.videoberatung.call.shaped;

import com.sun.net.httpserver.HttpServer;
import de.videoberatung.testsupport.HeadlessChromium;
import de.videoberatung.testsupport.netlab.NetLab;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Chromium ↔ Chromium over the same lab link as the engine's calls: the advisor's browser on the root
 * side, the customer's in the lab's namespace; the customer offers (as with the engine). The page is
 * served on the lab's root-side address; the probes read both peers' figures.
 */
public final class ReferenceCall implements AutoCloseable {

    private final HttpServer http;
    private final ChromeDriver advisor;
    private final ChromeDriver customer;
    private PageProbe advisorProbe;
    private PageProbe customerProbe;
    private long startNanos;

    public ReferenceCall(HeadlessChromium advisor, HeadlessChromium customer) throws IOException {
        this.http = HttpServer.create(new InetSocketAddress(NetLab.rootAddress(), NetLab.PAGE_PORT), 0);
        http.createContext("/", ex -> {
            try (InputStream in = ReferenceCall.class.getResourceAsStream("peer.html")) {
                byte[] page = in.readAllBytes();
                ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            } finally {
                ex.close();
            }
        });
        http.start();
        this.advisor = advisor.driver();
        this.customer = customer.driver();
    }

    /** The page's TCP port, for a firewall that must let it through. */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Loads the pages, opens the devices, then signals the call and returns once both descriptions are set.
     *
     * @param customerConfig the customer's RTCConfiguration (e.g. TURN servers and relay-only), or empty
     */
    public void start(Map<String, Object> customerConfig) {
        String url = "http://" + http.getAddress().getAddress().getHostAddress() + ":" + port() + "/";
        advisor.get(url);
        customer.get(url);
        async(advisor, "prepare().then(() => done('ok'))");
        async(customer, "prepare().then(() => done('ok'))");
        advisorProbe = new PageProbe(advisor, "peer()");
        customerProbe = new PageProbe(customer, "peer()");
        startNanos = System.nanoTime();
        String offer = (String) async(customer, "makeOffer(arguments[0]).then(done)", customerConfig);
        String answer = (String) async(advisor, "answer(arguments[0], {}).then(done)", offer);
        async(customer, "accept(arguments[0]).then(() => done('ok'))", answer);
    }

    public long startNanos() {
        return startNanos;
    }

    public PageProbe advisorProbe() {
        return advisorProbe;
    }

    public PageProbe customerProbe() {
        return customerProbe;
    }

    /** ICE candidate errors the customer's page saw (e.g. "401 Unauthorized" from the relay). */
    public Object customerCandidateErrors() {
        return customer.executeScript("return peer() ? peer().candidateErrors : []");
    }

    private static Object async(ChromeDriver d, String body, Object... args) {
        return d.executeAsyncScript("const done = arguments[arguments.length - 1];" + body, args);
    }

    @Override
    public void close() {
        try {
            advisor.executeScript("hangUp()");
            customer.executeScript("hangUp()");
        } catch (RuntimeException e) {
            // a browser already gone
        }
        http.stop(0);
    }
}
