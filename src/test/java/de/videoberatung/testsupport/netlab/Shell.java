package de.videoberatung.testsupport.netlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the harness's system commands (ip, tc, nft) with a deadline; a failure names the command and its output. */
final class Shell {

    private Shell() {
    }

    static String run(String... command) throws IOException {
        Result r = tryRun(command);
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.exitCode + "): " + r.output.strip());
        }
        return r.output;
    }

    record Result(int exitCode, String output) {
    }

    static Result tryRun(String... command) throws IOException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
