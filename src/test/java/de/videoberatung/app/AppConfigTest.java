package de.videoberatung.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration sources and their precedence: command line, user file, machine-wide file, defaults. */
class AppConfigTest {

    @TempDir
    Path dir;

    AppConfig.Locations locations() {
        return new AppConfig.Locations(dir.resolve("machine.properties"), dir.resolve("user.properties"),
                dir.resolve("data"), dir.resolve("logs"));
    }

    @Test
    void withoutAnyConfigurationTheEmbeddedDemoRuns() {
        AppConfig config = AppConfig.load(List.of(), locations());
        assertThat(config.demo()).isTrue();
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.followUpMinutes()).isEqualTo(10);
        assertThat(config.demoUser()).isEqualTo("demo.berater");
        assertThat(config.cacheDays()).isEqualTo(14);
    }

    @Test
    void theCacheWindowComesFromTheFiles() throws IOException {
        write("machine.properties", "cache.days", "3");
        assertThat(AppConfig.load(List.of(), locations()).cacheDays()).isEqualTo(3);
        write("user.properties", "cache.days", "0");
        assertThatThrownBy(() -> AppConfig.load(List.of(), locations())).hasMessageContaining("cache.days");
    }

    @Test
    void demoCanStartAsTeamLead() {
        assertThat(AppConfig.load(List.of("--demo-user", "demo.teamleitung"), locations()).demoUser())
                .isEqualTo("demo.teamleitung");
    }

    @Test
    void machineFileAsWrittenByTheInstallerIsRead() throws IOException {
        // The MSI writes an INI file: a section header and key=value lines with CRLF endings. Older MSIs also
        // wrote STUN/TURN keys; the server hands those out now, the keys are ignored.
        Files.writeString(dir.resolve("machine.properties"), "[videoberatung]\r\nserver.url=https://beratung.example.test/"
                + "?a=1&b=2\r\nstun.urls=stun:stun1.example.test:3478, stun:stun2.example.test\r\n"
                + "turn.url=turn:turn.example.test:3478\r\n");
        AppConfig config = AppConfig.load(List.of(), locations());
        assertThat(config.serverUrl()).isEqualTo(URI.create("https://beratung.example.test/?a=1&b=2"));
        assertThat(config.demo()).isFalse();
    }

    @Test
    void userFileOverridesMachineFileAndCommandLineOverridesBoth() throws IOException {
        write("machine.properties", "server.url", "https://machine.example.test");
        write("user.properties", "server.url", "https://user.example.test");
        assertThat(AppConfig.load(List.of(), locations()).serverUrl().getHost()).isEqualTo("user.example.test");
        assertThat(AppConfig.load(List.of("--server", "https://cli.example.test"), locations()).serverUrl().getHost())
                .isEqualTo("cli.example.test");
        assertThat(AppConfig.load(List.of("--demo"), locations()).demo()).isTrue();
    }

    @Test
    void invalidValuesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> AppConfig.load(List.of("--server", "ftp://x"), locations()))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> AppConfig.load(List.of("--gibtsnicht"), locations()))
                .hasMessageContaining("Unknown option").hasMessageContaining("--gibtsnicht");
        assertThatThrownBy(() -> AppConfig.load(List.of("--server"), locations()))
                .hasMessageContaining("Missing required parameter").hasMessageContaining("--server");
    }

    @Test
    void optionValuesMayFollowAnEqualsSignAndTheUsageNamesEveryOption() {
        AppConfig config = AppConfig.load(List.of("--data-dir=" + dir.resolve("other"), "--demo-time", "09:30",
                "--exit-after-queue-shown"), locations());
        assertThat(config.dataDir()).isEqualTo(dir.resolve("other"));
        assertThat(config.demoTime()).hasToString("09:30");
        assertThat(config.exitAfterQueueShown()).isTrue();
        assertThatThrownBy(() -> AppConfig.load(List.of("--demo=yes"), locations()))
                .hasMessageContaining("--demo");
        assertThat(AppConfig.usage()).contains("--server=URL", "--demo", "--data-dir=DIR", "--demo-time=HH:MM",
                "--demo-user=NAME", "--exit-after-queue-shown", "--help");
    }

    @Test
    void windowsLocationsFollowProgramDataAndAppData() {
        Properties system = new Properties();
        system.setProperty("os.name", "Windows 11");
        system.setProperty("user.home", "C:\\Users\\abc");
        AppConfig.Locations win = AppConfig.Locations.forThisMachine(Map.of("ProgramData", "C:\\ProgramData",
                "APPDATA", "C:\\Users\\abc\\AppData\\Roaming", "LOCALAPPDATA", "C:\\Users\\abc\\AppData\\Local"), system);
        assertThat(win.machineConfig().toString()).contains("ProgramData").endsWith(AppConfig.FILE_NAME);
        assertThat(win.userConfig().toString()).contains("Roaming");
        Properties linux = new Properties();
        linux.setProperty("os.name", "Linux");
        linux.setProperty("user.home", "/home/abc");
        AppConfig.Locations lin = AppConfig.Locations.forThisMachine(Map.of(), linux);
        assertThat(lin.machineConfig()).isEqualTo(Path.of("/etc/videoberatung/videoberatung.properties"));
        assertThat(lin.dataDir()).isEqualTo(Path.of("/home/abc/.local/share/videoberatung"));
    }

    private void write(String file, String key, String value) throws IOException {
        Files.writeString(dir.resolve(file), key + "=" + value + "\n");
    }
}
