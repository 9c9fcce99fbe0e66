package io.aismush.config;

/**
 * Settings of the context engine: tool-result compression and context fitting.
 *
 * @param enabled       compress tool results (Bash output by command; never file contents or data)
 * @param stripComments also strip comments from file reads (opt-in: the model is told to re-read before editing)
 * @param trimAtTokens  above this estimated prompt size, requests to providers other than Claude are trimmed
 */
public record CompressionSettings(boolean enabled, boolean stripComments, long trimAtTokens) {
    public static CompressionSettings defaults() {
        return new CompressionSettings(true, false, 55_000);
    }

    public CompressionSettings withEnabled(boolean on) {
        return new CompressionSettings(on, stripComments, trimAtTokens);
    }

    public CompressionSettings withStripComments(boolean on) {
        return new CompressionSettings(enabled, on, trimAtTokens);
    }
}
