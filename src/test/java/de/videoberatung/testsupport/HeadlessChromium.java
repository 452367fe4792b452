package de.videoberatung.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, as the customer's browser: fake
 * camera and microphone, permission prompts auto-accepted, loopback ICE candidates allowed and
 * shown as plain addresses (not mDNS names, which ice4j cannot resolve).
 */
public final class HeadlessChromium implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
    }

    /**
     * @param environment extra environment for the browser (e.g. PULSE_SERVER)
     */
    public static HeadlessChromium start(Map<String, String> environment) throws IOException {
        return start(environment, Path.of("/usr/bin/chromium"), List.of());
    }

    /**
     * @param binary the browser to run, e.g. a wrapper that starts Chromium in a network namespace
     * @param extraArguments further switches (e.g. {@code --use-file-for-fake-video-capture=clip.y4m},
     *     {@code --remote-debugging-pipe} so no control traffic crosses a test network)
     */
    public static HeadlessChromium start(Map<String, String> environment, Path binary, List<String> extraArguments)
            throws IOException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toString());
        options.addArguments(List.of(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile,
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--autoplay-policy=no-user-gesture-required",
                "--window-size=800,900"));
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withEnvironment(environment)
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, profile);
    }

    /** The main browser process (child of chromedriver), for CPU accounting. */
    public long browserPid() {
        String marker = "--user-data-dir=" + profile;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker) && !c.contains("--type=")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("browser process not found"));
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
