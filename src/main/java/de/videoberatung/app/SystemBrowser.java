package de.videoberatung.app;

import de.videoberatung.queue.CustomerSimulation;
import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The machine's browser: {@code xdg-open} on Linux (it knows the desktop's default browser and needs no AWT in a
 * JavaFX process), {@link Desktop#browse} elsewhere or when xdg-open is missing. Blocks: call it off the FX thread.
 */
final class SystemBrowser implements CustomerSimulation.Browser {

    @Override
    public void open(URI address) throws IOException {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        IOException xdgFailure = null;
        if (!windows) {
            try {
                xdgOpen(address);
                return;
            } catch (IOException e) {
                xdgFailure = e;
            }
        }
        if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            Desktop.getDesktop().browse(address);
            return;
        }
        throw xdgFailure != null ? xdgFailure : new IOException("this desktop cannot open a browser");
    }

    private static void xdgOpen(URI address) throws IOException {
        Process process = new ProcessBuilder("xdg-open", address.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // xdg-open returns once the browser is handed the address; non-zero when it found none.
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the browser", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("xdg-open found no browser (exit " + process.exitValue() + ")");
        }
    }
}
