package io.aismush.lifecycle;

import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.ConfigLoader;
import io.aismush.config.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code shutdownDrainSeconds}: how long a stop waits for requests in flight. */
class DrainSettingTest {
    @TempDir
    Path work;
    @TempDir
    Path home;

    @Test
    void drainDefaultsToTwentySecondsAndComesFromTheConfigFileOrTheEnvironment() throws Exception {
        assertThat(ConfigLoader.load(Map.of(), work, home).config().shutdownDrain()).isEqualTo(Config.DEFAULT_SHUTDOWN_DRAIN).isEqualTo(Duration.ofSeconds(20));

        Files.writeString(work.resolve("config.json"), "{\"shutdownDrainSeconds\": 45}");
        var fromFile = ConfigLoader.load(Map.of(), work, home);
        assertThat(fromFile.config().shutdownDrain()).isEqualTo(Duration.ofSeconds(45));
        assertThat(fromFile.sources().get(Setting.SHUTDOWN_DRAIN_SECONDS)).endsWith("config.json");

        var fromEnv = ConfigLoader.load(Map.of("AISMUSH_SHUTDOWN_DRAIN_SECONDS", "0"), work, home);
        assertThat(fromEnv.config().shutdownDrain()).as("zero: end streams at once").isZero();
    }

    @Test
    void aNegativeOrNonNumericDrainStopsTheStart() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AISMUSH_SHUTDOWN_DRAIN_SECONDS", "-1"), work, home))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AISMUSH_SHUTDOWN_DRAIN_SECONDS");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("AISMUSH_SHUTDOWN_DRAIN_SECONDS", "soon"), work, home))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AISMUSH_SHUTDOWN_DRAIN_SECONDS");
    }

    @Test
    void otherAdjustmentsKeepTheDrain() {
        Config c = Config.defaults(home).withShutdownDrain(Duration.ofSeconds(7));
        assertThat(c.withPort(0).withVerbose(true).withAllowedHosts(java.util.List.of("a.example")).withForceProvider("anthropic").shutdownDrain())
                .isEqualTo(Duration.ofSeconds(7));
    }
}
