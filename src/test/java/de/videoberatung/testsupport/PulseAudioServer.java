package de.videoberatung.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A private PulseAudio server for the audio tests: a null sink "lautsprecher" (loudspeakers nobody
 * hears), a source "testmikrofon" playing a 440 Hz sine, and "mitschnitt", a source that records what
 * is played on the loudspeakers (libjitsi ignores ".monitor" sources, so the monitor is remapped).
 *
 * <p>"testmikrofon" is a pipe source fed by a {@link RealTimeTone} writer 10 ms at a time, paced by the
 * clock like a real microphone: {@code module-sine-source} hands its readers blocks of about 2 s, so a
 * call would send a handful of Opus packets per second instead of 50.
 *
 * <p>Use it with {@code @ExtendWith(PulseAudioServer.Extension.class)} and a {@code PulseAudioServer}
 * parameter. It runs once per test JVM, because libjitsi picks its audio system once per process, and
 * stops when the test run ends. It listens on the socket named by the {@code PULSE_SERVER} environment
 * variable (set for the tests in the pom), so libpulse in the test JVM finds it. Needs the Debian
 * packages {@code pulseaudio pulseaudio-utils}; without them the tests fail with a clear message.
 */
public final class PulseAudioServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    public static final String SINK = "lautsprecher";
    public static final String SINK_DESCRIPTION = "Lautsprecher";
    public static final String TONE_SOURCE = "testmikrofon";
    public static final String TONE_DESCRIPTION = "Testmikrofon";
    public static final int TONE_HZ = 440;
    public static final String RECORDER_SOURCE = "mitschnitt";
    public static final String RECORDER_DESCRIPTION = "Mitschnitt Lautsprecher";

    private final Path directory;
    private final String server;
    private final Process process;
    private final RealTimeTone tone;

    private PulseAudioServer(Path directory, String server, Process process, RealTimeTone tone) {
        this.directory = directory;
        this.server = server;
        this.process = process;
        this.tone = tone;
    }

    /** The writer feeding "testmikrofon", for checks on how evenly it delivers. */
    public RealTimeTone tone() {
        return tone;
    }

    /** Starts the server on the {@code PULSE_SERVER} socket; fails if it does not answer within 10 s. */
    public static PulseAudioServer start() {
        String server = System.getenv("PULSE_SERVER");
        if (server == null || !server.startsWith("unix:")) {
            throw new IllegalStateException("PULSE_SERVER must name the tests' private socket (unix:/path); "
                    + "run the tests through Maven, whose surefire configuration sets it");
        }
        Path socket = Path.of(server.substring("unix:".length()));
        Path directory = socket.getParent();
        try {
            Files.createDirectories(directory);
            if (pactl(server, "info").exitCode == 0) {
                throw new IllegalStateException("A PulseAudio server already listens on " + socket
                        + "; stop it (its pid is in " + directory.resolve("pid") + ")");
            }
            Files.deleteIfExists(socket);
            Path fifo = directory.resolve(TONE_SOURCE + ".fifo");
            Files.deleteIfExists(fifo);
            ProcessBuilder builder = new ProcessBuilder("pulseaudio", "--daemonize=no", "--exit-idle-time=-1",
                    "--system=false", "-n", "--use-pid-file=no", "--disable-shm=yes", "--log-target=stderr",
                    "--load=module-native-protocol-unix auth-anonymous=1 socket=" + socket,
                    "--load=module-null-sink sink_name=" + SINK + " sink_properties=device.description=" + SINK_DESCRIPTION,
                    "--load=module-pipe-source source_name=" + TONE_SOURCE + " file=" + fifo
                            + " format=s16le rate=" + RealTimeTone.RATE + " channels=1"
                            + " source_properties=device.description=" + TONE_DESCRIPTION,
                    "--load=module-remap-source master=" + SINK + ".monitor source_name=" + RECORDER_SOURCE
                            + " source_properties=device.description=" + RECORDER_DESCRIPTION.replace(' ', '_'));
            Map<String, String> env = builder.environment();
            // Keep runtime and state files inside the build directory, never in the user's home.
            env.put("HOME", directory.toString());
            env.put("XDG_RUNTIME_DIR", directory.toString());
            env.put("PULSE_RUNTIME_PATH", directory.toString());
            env.put("PULSE_STATE_PATH", directory.toString());
            builder.redirectErrorStream(true).redirectOutput(directory.resolve("pulseaudio.log").toFile());
            Process process = builder.start();
            Files.writeString(directory.resolve("pid"), Long.toString(process.pid()));
            PulseAudioServer pulse = new PulseAudioServer(directory, server, process, new RealTimeTone(fifo, TONE_HZ));
            pulse.awaitReady();
            pulse.tone.start();
            return pulse;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start pulseaudio (apt-get install -y pulseaudio pulseaudio-utils)", e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pactl(server, "info").exitCode != 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("PulseAudio did not come up; see " + directory.resolve("pulseaudio.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Loads a module and returns its index, for {@link #unloadModule(int)}. */
    public int loadModule(String module, String arguments) {
        List<String> args = new ArrayList<>(List.of("load-module", module));
        args.addAll(List.of(arguments.split(" ")));
        return Integer.parseInt(run(args.toArray(String[]::new)).trim());
    }

    public void unloadModule(int index) {
        run("unload-module", Integer.toString(index));
    }

    /** Plugs in a sink (an output device) with a description like a real device's name; returns the module index. */
    public int addSink(String name, String description) {
        return loadModule("module-null-sink", "sink_name=" + name + " sink_properties=device.description="
                + description.replace(' ', '_'));
    }

    /** Plugs in a source (a microphone) playing a sine tone; returns the module index. */
    public int addToneSource(String name, String description, int hertz) {
        return loadModule("module-sine-source", "source_name=" + name + " frequency=" + hertz
                + " rate=48000 source_properties=device.description=" + description.replace(' ', '_'));
    }

    public void muteSource(String source, boolean mute) {
        run("set-source-mute", source, mute ? "1" : "0");
    }

    /** Runs pactl against this server and returns its output; fails on a non-zero exit. */
    public String run(String... args) {
        try {
            Result result = pactl(server, args);
            if (result.exitCode != 0) {
                throw new IllegalStateException("pactl " + String.join(" ", args) + " failed: " + result.output);
            }
            return result.output;
        } catch (IOException e) {
            throw new IllegalStateException("pactl failed (apt-get install -y pulseaudio-utils)", e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result pactl(String server, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("pactl", "--server=" + server));
        command.addAll(List.of(args));
        Process pactl = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(pactl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!pactl.waitFor(10, TimeUnit.SECONDS)) {
                pactl.destroyForcibly();
                return new Result(-1, "timeout");
            }
            return new Result(pactl.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pactl.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }

    @Override
    public void close() {
        tone.close();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(directory.resolve("pid"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot clean up after PulseAudio", e);
        }
    }

    /** Starts the server once per test run and hands it to test constructors and methods. */
    public static final class Extension implements BeforeAllCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PulseAudioServer.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            server(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == PulseAudioServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return server(context);
        }

        private static PulseAudioServer server(ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(PulseAudioServer.class, k -> start(), PulseAudioServer.class);
        }
    }
}
