package de.videoberatung.queue;

import de.videoberatung.api.Appointment;
import de.videoberatung.api.AppointmentStatus;
import de.videoberatung.api.Channel;
import de.videoberatung.i18n.Messages;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode only: "Kundin/Kunden simulieren" opens a video appointment's invitation link in this machine's browser,
 * so a newcomer can join as the customer and hold the call with themself.
 */
public final class CustomerSimulation {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerSimulation.class);

    /** Opens an address in the machine's browser. */
    @FunctionalInterface
    public interface Browser {
        /** @throws IOException when no browser can be opened */
        void open(URI address) throws IOException;
    }

    private final Browser browser;
    private final Messages messages;
    private final Executor background;
    private final Executor fxThread;
    private final Consumer<String> notices;

    /**
     * @param background where the browser is started: it can take a while, never on the FX thread
     * @param fxThread where the notices are shown
     */
    public CustomerSimulation(Browser browser, Messages messages, Executor background, Executor fxThread,
                              Consumer<String> notices) {
        this.browser = browser;
        this.messages = messages;
        this.background = background;
        this.fxThread = fxThread;
        this.notices = notices;
    }

    /** A video appointment still to come, with its invitation link. */
    public boolean canSimulate(Appointment a) {
        return a != null && a.channel() == Channel.VIDEO && a.joinUrl() != null
                && a.status() == AppointmentStatus.SCHEDULED;
    }

    /** Opens the link in the background and says what happened. */
    public void simulate(Appointment a) {
        if (!canSimulate(a)) {
            return;
        }
        URI link = URI.create(a.joinUrl());
        String customer = a.customerName();
        background.execute(() -> {
            String notice;
            try {
                browser.open(link);
                notice = messages.get("queue.simulate.opened", customer);
            } catch (IOException | RuntimeException e) {
                // The link holds the customer's token: not in the log.
                LOG.warn("no browser could be opened for the simulated customer: {}", e.getClass().getName());
                notice = messages.get("queue.simulate.failed");
            }
            String shown = notice;
            fxThread.execute(() -> notices.accept(shown));
        });
    }
}
