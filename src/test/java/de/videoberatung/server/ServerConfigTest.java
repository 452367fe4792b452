package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's command line and configuration file: today's options, the file, precedence, refusals. */
class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void todaysOptionsKeepWorking() {
        ServerOptions options = ServerConfig.parse(List.of("--demo", "--port", "9090", "--data", dir.toString(),
                "--bind", "127.0.0.1", "--public-url", "https://beratung.example.org/", "--demo-time", "09:30"));
        assertThat(options.demo()).isTrue();
        assertThat(options.port()).isEqualTo(9090);
        assertThat(options.dataDir()).isEqualTo(dir);
        assertThat(options.publicUrl()).isEqualTo(URI.create("https://beratung.example.org/"));
        assertThat(options.demoTime()).isEqualTo(LocalTime.of(9, 30));
    }

    @Test
    void withoutOptionsTheDefaultsApply() {
        ServerOptions options = ServerConfig.parse(List.of("--public-url", "https://beratung.example.org/"));
        assertThat(options.demo()).isFalse();
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.dataDir()).isEqualTo(Path.of("videoberatung-data"));
        assertThat(options.bindAddress()).as("loopback unless told otherwise").isEqualTo("127.0.0.1");
        assertThat(options.tls()).isFalse();
        assertThat(options.publicPort()).isNull();
        assertThat(options.sessionIdle()).isEqualTo(java.time.Duration.ofHours(2));
    }

    @Test
    void outsideDemoAnHttpsPublicUrlIsRequired() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public.url must be the https://");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--public-url", "http://beratung.example.org/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http is for --demo only");
        assertThat(ServerConfig.parse(List.of("--demo", "--public-url", "http://127.0.0.1:8080/")).publicUrl())
                .as("demo mode may use plain http").isEqualTo(URI.create("http://127.0.0.1:8080/"));
    }

    @Test
    void theEdgeKeysAreRead() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        Path file = write("public.url=https://beratung.example.org/\npublic.port=8443\ntls.cert=" + slashes(cert)
                + "\ntls.key=" + slashes(key) + "\nsession.idle=30\n");
        ServerOptions options = ServerConfig.parse(List.of("--config", file.toString()));
        assertThat(options.publicPort()).isEqualTo(8443);
        assertThat(options.tlsCert()).isEqualTo(cert);
        assertThat(options.tlsKey()).isEqualTo(key);
        assertThat(options.sessionIdle()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--public-url", "https://b.example.org/",
                "--tls-cert", cert.toString()))).hasMessageContaining("tls.key is missing");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--public-url", "https://b.example.org/",
                "--tls-cert", dir.resolve("none.pem").toString(), "--tls-key", key.toString())))
                .hasMessageContaining("tls.cert is not a readable file");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--public-url", "https://b.example.org/",
                "--session-idle", "0"))).hasMessageContaining("session.idle must be a positive number of minutes");
    }

    private static String slashes(Path path) {
        return path.toString().replace("\\", "\\\\");
    }

    @Test
    void theFileGivesEveryKeyAndTheCommandLineWins() throws IOException {
        Path file = write("data=" + dir.resolve("from-file").toString().replace("\\", "\\\\") + "\n"
                + "port=7000\npublic.url=https://file.example.org/\ndemo=true\n");
        ServerOptions options = ServerConfig.parse(List.of("--config", file.toString(), "--port", "7001"));
        assertThat(options.port()).as("command line wins").isEqualTo(7001);
        assertThat(options.dataDir()).isEqualTo(dir.resolve("from-file"));
        assertThat(options.publicUrl()).isEqualTo(URI.create("https://file.example.org/"));
        assertThat(options.demo()).isTrue();
    }

    @Test
    void everyKeyHasItsOption() {
        String usage = ServerConfig.usage();
        for (ServerConfig.Key key : ServerConfig.Key.values()) {
            assertThat(key.option()).isEqualTo("--" + key.key().replace('.', '-'));
            assertThat(usage).contains(key.option());
        }
        assertThat(usage).contains("--config");
    }

    @Test
    void unknownKeysInTheFileAreRefusedByName() throws IOException {
        Path file = write("port=7000\ntls.cetr=/etc/ssl/server.pem\n");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--config", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key tls.cetr").hasMessageContaining("known keys: data, port");
    }

    @Test
    void badCommandLinesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--prot", "80"))).hasMessageContaining("--prot");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--port", "achtzig")))
                .hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--demo-time", "9 Uhr"))).hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--config", dir.resolve("missing.properties").toString())))
                .hasMessageContaining("cannot read configuration");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, text);
        return file;
    }
}
