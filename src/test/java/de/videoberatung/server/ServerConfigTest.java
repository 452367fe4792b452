package de.videoberatung.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        assertThat(options.sessionIdle()).isEqualTo(Duration.ofHours(2));
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
        assertThat(options.sessionIdle()).isEqualTo(Duration.ofMinutes(30));
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

    @Test
    void theMailSmsAndReminderKeysConfigureTheInvitations() throws IOException {
        Path file = write("mail.smtp.host=mail.example.org\nmail.smtp.user=vb\nmail.smtp.password=geheim\n"
                + "mail.from=videoberatung@example.org\nmail.contact=Telefon 0441 1234-0\n"
                + "sms.gateway.url=https://sms.example.org/send\nsms.gateway.token=t0k\nreminder.offsets=P2D, PT30M\n");
        var invitations = ServerConfig.parse(List.of("--config", file.toString(), "--mail-smtp-port", "2525",
                "--public-url", "https://beratung.example.org/"))
                .invitations();
        assertThat(invitations.mailOn()).isTrue();
        assertThat(invitations.smtpHost()).isEqualTo("mail.example.org");
        assertThat(invitations.smtpPort()).as("command line wins").isEqualTo(2525);
        assertThat(invitations.startTls()).as("default").isTrue();
        assertThat(invitations.smtpUser()).isEqualTo("vb");
        assertThat(invitations.smtpPassword()).isEqualTo("geheim");
        assertThat(invitations.from()).isEqualTo("videoberatung@example.org");
        assertThat(invitations.contact()).isEqualTo("Telefon 0441 1234-0");
        assertThat(invitations.smsGatewayUrl()).isEqualTo(URI.create("https://sms.example.org/send"));
        assertThat(invitations.smsGatewayToken()).isEqualTo("t0k");
        assertThat(invitations.reminderOffsets()).containsExactly(Duration.ofDays(2), Duration.ofMinutes(30));

        var defaults = ServerConfig.parse(List.of("--public-url", "https://beratung.example.org/")).invitations();
        assertThat(defaults.mailOn()).isFalse();
        assertThat(defaults.smsOn()).isFalse();
        assertThat(defaults.reminderOffsets()).containsExactly(Duration.ofDays(1), Duration.ofHours(1));
    }

    @Test
    void badInvitationSettingsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--mail-smtp-host", "mail.example.org")))
                .hasMessageContaining("mail.from is required");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--reminder-offsets", "1 Tag")))
                .hasMessageContaining("reminder.offsets must be ISO-8601 durations");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--mail-smtp-host", "m", "--mail-from", "a@b.de",
                "--mail-smtp-starttls", "ja"))).hasMessageContaining("mail.smtp.starttls must be true or false");
        assertThatThrownBy(() -> ServerConfig.parse(List.of("--sms-gateway-url", "sms.example.org")))
                .hasMessageContaining("sms.gateway.url must be an http(s) address");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, text);
        return file;
    }
}
