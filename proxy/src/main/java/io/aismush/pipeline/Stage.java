package io.aismush.pipeline;

import java.io.IOException;

/**
 * One step of the request pipeline. A stage either answers by itself or calls {@link Chain#proceed} exactly once,
 * possibly with a changed exchange, and returns (possibly wraps) what the rest of the chain answered.
 * Stages are stateless or thread-safe: one instance serves every request.
 */
public interface Stage {
    UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException;
}
