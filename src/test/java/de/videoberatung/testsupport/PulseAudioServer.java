package de.videoberatung.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PulseAudio server for audio tests: a null sink {@code spk} (what is played "to the
 * speakers"), a virtual microphone {@code vmic} that records what the sink plays (libjitsi ignores
 * {@code .monitor} sources, hence the remap), and optionally a sine tone into the sink, so the
 * microphone delivers real sound.
 *
 * <p>The socket path comes from the test JVM's {@code PULSE_SERVER} (surefire sets
 * {@code unix:target/pulse/native}), because libpulse inside the JVM reads only its environment.
 * {@link #close()} kills the daemon.
 */
public final class PulseAudioServer implements AutoCloseable {

    private final Path runtimeDir;
    private final Path socket;
    private final Map<String, String> env;

    private PulseAudioServer(Path runtimeDir, Path socket) {
        this.runtimeDir = runtimeDir;
        this.socket = socket;
        this.env = Map.of("XDG_RUNTIME_DIR", runtimeDir.toString(), "PULSE_SERVER", "unix:" + socket,
                "HOME", runtimeDir.toString());
    }

    /** True if the {@code pulseaudio} and {@code pactl} programs are installed. */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/pulseaudio")) && Files.isExecutable(Path.of("/usr/bin/pactl"));
    }

    /**
     * Starts the server with the null sink and virtual microphone as defaults.
     *
     * @param toneHz a sine tone played into the sink, or 0 for silence
     */
    public static PulseAudioServer start(int toneHz) throws IOException, InterruptedException {
        String configured = System.getenv("PULSE_SERVER");
        Path socket = configured != null && configured.startsWith("unix:")
                ? Path.of(configured.substring("unix:".length())).toAbsolutePath()
                : Files.createTempDirectory("pulse-").resolve("native");
        Path runtimeDir = socket.getParent();
        Files.createDirectories(runtimeDir);
        PulseAudioServer server = new PulseAudioServer(runtimeDir, socket);
        server.killStale();
        server.run(Duration.ofSeconds(20), "pulseaudio", "-D", "--exit-idle-time=-1", "--system=false", "-n",
                "--disallow-exit", "--log-target=file:" + runtimeDir.resolve("pulse.log"),
                "--load=module-native-protocol-unix auth-anonymous=1 socket=" + socket,
                "--load=module-null-sink sink_name=spk",
                "--load=module-always-sink");
        server.awaitReady();
        server.run(Duration.ofSeconds(10), "pactl", "load-module", "module-remap-source",
                "master=spk.monitor", "source_name=vmic");
        server.run(Duration.ofSeconds(10), "pactl", "set-default-sink", "spk");
        server.run(Duration.ofSeconds(10), "pactl", "set-default-source", "vmic");
        if (toneHz > 0) {
            server.run(Duration.ofSeconds(10), "pactl", "load-module", "module-sine", "sink=spk",
                    "frequency=" + toneHz);
        }
        return server;
    }

    /** The value for {@code PULSE_SERVER} in the environment of programs that should use this server. */
    public String serverAddress() {
        return "unix:" + socket;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (tryRun("pactl", "info")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the daemon's readiness with a deadline
        }
        throw new IOException("PulseAudio did not come up; see " + runtimeDir.resolve("pulse.log"));
    }

    private void killStale() throws InterruptedException {
        try {
            tryRun("pulseaudio", "--kill");
        } catch (IOException e) {
            // nothing running there
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove stale PulseAudio socket " + socket, e);
        }
    }

    private boolean tryRun(String... command) throws IOException, InterruptedException {
        Process p = process(command);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private void run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = process(command);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", command)
                    + "\n" + new String(p.getInputStream().readAllBytes()));
        }
    }

    private Process process(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tryRun("pulseaudio", "--kill");
    }
}
