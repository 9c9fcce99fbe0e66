package io.aismush.memory;

import io.aismush.pipeline.Chain;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Stage;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.Outline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * The {@code remember} stage. On a Messages request it adds the session's memory block as the last block of
 * {@code system} (computed at the session's first request, then the same bytes on every request, whichever provider
 * serves it; see {@link SystemSplice} for why the prompt cache keeps hitting), and it taps the answer's event stream so
 * that, once the turn is complete, the worker extracts memories from it. Anything that goes wrong here leaves the
 * request as it was. Thread-safe.
 */
public final class RememberStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(RememberStage.class);
    /** Newest messages larger than this are tool output or pastes, not statements of preference: not kept. */
    static final int MAX_NEWEST_MESSAGE = 32 * 1024;

    private final Memories memories;

    public RememberStage(Memories memories) {
        this.memories = memories;
    }

    @Override
    public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
        if (!exchange.isMessages() || !exchange.method().equals("POST")) return chain.proceed(exchange);
        Memories.Session session;
        Exchange out = exchange;
        byte[] newest = null;
        try {
            byte[] body = exchange.body().bytes();
            Outline outline = exchange.body().outline();
            BodyLayout layout = BodyLayout.of(outline);
            if (layout == null || layout.firstMessage() == null) return chain.proceed(exchange);
            session = memories.session(exchange.sessionId(), body, layout, outline);
            if (session.block().length > 0) out = exchange.withBody(SystemSplice.insert(body, layout, session.block()), exchange.summary());
            int[] last = layout.lastMessage();
            if (last[1] - last[0] <= MAX_NEWEST_MESSAGE) newest = Arrays.copyOfRange(body, last[0], last[1]);
        } catch (RuntimeException e) {
            log.warn("request {}: memories skipped ({})", exchange.id(), e.toString());
            return chain.proceed(exchange);
        }
        UpstreamResponse response = chain.proceed(out);
        if (!response.isSuccess() || !(response.body() instanceof UpstreamResponse.EventStream stream)) return response;
        Memories.Session s = session;
        byte[] n = newest;
        var tapped = new UpstreamResponse.EventStream(new TurnTap(stream.events(), events -> memories.completed(s, n, events)));
        return new UpstreamResponse(response.provider(), response.status(), response.headers(), tapped, response.route(), response.fallbackFrom());
    }
}
