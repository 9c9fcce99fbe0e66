package io.aismush.testing;

import io.aismush.config.Config;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Adjustments of a test proxy's {@link Config}, for {@link TestProxy#start(UnaryOperator)}. Each changes one component
 * and keeps every other, however many components the record grows.
 */
public final class Configs {
    private Configs() {}

    public static UnaryOperator<Config> maxBodyBytes(long max) {
        return c -> with(c, "maxBodyBytes", max);
    }

    public static UnaryOperator<Config> maxInFlight(int max) {
        return c -> with(c, "maxInFlight", max);
    }

    /** Short upstream timeouts (the connect timeout becomes 2 s). */
    public static UnaryOperator<Config> timeouts(Duration firstByte, Duration streamIdle) {
        return c -> with(with(with(c, "connectTimeout", Duration.ofSeconds(2)), "firstByteTimeout", firstByte), "streamIdleTimeout", streamIdle);
    }

    /** Upstream timeouts, each as given. */
    public static UnaryOperator<Config> timeouts(Duration connect, Duration firstByte, Duration streamIdle) {
        return c -> with(with(with(c, "connectTimeout", connect), "firstByteTimeout", firstByte), "streamIdleTimeout", streamIdle);
    }

    /**
     * DeepSeek configured with {@code key} and served by the same fake as Anthropic (it speaks the same wire format), so
     * routing may send turns there without leaving loopback.
     */
    public static UnaryOperator<Config> deepseekOnTheFake(String key) {
        return c -> c.withDeepseek(key, c.anthropicBaseUrl());
    }

    /** A copy of {@code c} with the named record component replaced. */
    static Config with(Config c, String component, Object value) {
        RecordComponent[] components = Config.class.getRecordComponents();
        if (Arrays.stream(components).noneMatch(rc -> rc.getName().equals(component))) {
            throw new IllegalArgumentException("Config has no component " + component);
        }
        try {
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(c);
            }
            return Config.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
