package io.aismush.providers;

import io.aismush.pipeline.Terminal;

/** An upstream that can serve exchanges. Implementations are thread-safe and shared by all requests. */
public interface Provider extends Terminal {
    /** The provider's name as it appears in records, config and on the dashboard. */
    String name();
}
