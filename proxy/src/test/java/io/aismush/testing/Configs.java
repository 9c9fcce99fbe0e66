package io.aismush.testing;

import io.aismush.config.Config;

import java.time.Duration;
import java.util.function.UnaryOperator;

/** Adjustments of a test proxy's {@link Config}, for {@link TestProxy#start(UnaryOperator)}. */
public final class Configs {
    private Configs() {}

    public static UnaryOperator<Config> maxBodyBytes(long max) {
        return c -> new Config(c.host(), c.port(), c.anthropicBaseUrl(), c.deepseekApiKey(), c.verbose(), c.forceProvider(),
                max, c.maxInFlight(), c.connectTimeout(), c.firstByteTimeout(), c.streamIdleTimeout(), c.dataDir());
    }

    public static UnaryOperator<Config> maxInFlight(int max) {
        return c -> new Config(c.host(), c.port(), c.anthropicBaseUrl(), c.deepseekApiKey(), c.verbose(), c.forceProvider(),
                c.maxBodyBytes(), max, c.connectTimeout(), c.firstByteTimeout(), c.streamIdleTimeout(), c.dataDir());
    }

    public static UnaryOperator<Config> timeouts(Duration firstByte, Duration streamIdle) {
        return c -> new Config(c.host(), c.port(), c.anthropicBaseUrl(), c.deepseekApiKey(), c.verbose(), c.forceProvider(),
                c.maxBodyBytes(), c.maxInFlight(), Duration.ofSeconds(2), firstByte, streamIdle, c.dataDir());
    }

    public static UnaryOperator<Config> deepseekKey(String key) {
        return c -> new Config(c.host(), c.port(), c.anthropicBaseUrl(), key, c.verbose(), c.forceProvider(),
                c.maxBodyBytes(), c.maxInFlight(), c.connectTimeout(), c.firstByteTimeout(), c.streamIdleTimeout(), c.dataDir());
    }
}
