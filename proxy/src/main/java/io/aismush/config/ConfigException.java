package io.aismush.config;

/** The configuration cannot be used; the message says which file or variable and why. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
