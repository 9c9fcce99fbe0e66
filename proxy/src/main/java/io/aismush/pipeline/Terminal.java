package io.aismush.pipeline;

import java.io.IOException;

/** The end of the pipeline: sends the exchange to an upstream and returns its open response. */
public interface Terminal {
    UpstreamResponse call(Exchange exchange) throws IOException;
}
