package io.aismush.pipeline;

import java.io.IOException;

/** The rest of the pipeline, as seen by one stage. */
public interface Chain {
    /**
     * Passes the exchange on to the next stage (or the upstream) and returns its response.
     *
     * @throws IllegalStateException if called more than once by the same stage
     */
    UpstreamResponse proceed(Exchange exchange) throws IOException;
}
