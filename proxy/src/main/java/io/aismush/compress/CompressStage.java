package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import io.aismush.pipeline.Chain;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Reduction;
import io.aismush.pipeline.Stage;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code compress} stage: rewrites the tool results of a Messages request (see {@link Compressor}) and passes
 * the request on. A rewrite is spliced into the client's bytes, so everything else stays byte for byte; a request
 * nothing changed in goes on with its original body. Each rewrite depends only on the result, its call and the
 * earlier messages, so the rewritten history of turn N+1 starts with the rewritten turn N (the prompt cache holds).
 * What it saved is noted on the exchange per kind. Thread-safe; one instance serves every request.
 */
public final class CompressStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(CompressStage.class);
    /** Re-reads shorter than this are left alone: the marker would be about as long. */
    static final int MIN_REREAD_BYTES = 1_024;

    private final Compressor compressor;
    private final TokenEstimator tokens;
    private final Memo memo = new Memo(16_384, 64L * 1024 * 1024);

    public CompressStage(Compressor compressor, TokenEstimator tokens) {
        this.compressor = compressor;
        this.tokens = tokens;
    }

    @Override
    public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
        if (!exchange.method().equals("POST") || !(exchange.isMessages() || exchange.path().equals("/v1/messages/count_tokens"))) {
            return chain.proceed(exchange);
        }
        Rewrite rewrite;
        try {
            rewrite = rewrite(exchange.body().bytes());
        } catch (RuntimeException e) {
            log.warn("request {}: tool results left as they are ({})", exchange.id(), e.toString());
            return chain.proceed(exchange);
        }
        if (rewrite.body() == exchange.body().bytes()) return chain.proceed(exchange);
        rewrite.reductions().values().forEach(exchange.notes()::reduced);
        return chain.proceed(exchange.withBody(rewrite.body(), exchange.summary()));
    }

    /** The rewritten body ({@code body} itself when nothing changed) and what each kind saved. */
    public record Rewrite(byte[] body, Map<Kind, Reduction> reductions) {}

    /** Rewrites the tool results of a Messages body. */
    public Rewrite rewrite(byte[] body) {
        var splicer = new Splicer(body);
        var reductions = new EnumMap<Kind, Reduction>(Kind.class);
        var firstReads = new HashMap<ContentHash, ToolResults.Site>();
        for (ToolResults.Site site : ToolResults.scan(body)) {
            if (site.call() == null) continue;
            boolean read = site.call().name().equals("Read");
            for (ToolResults.Span text : site.texts()) {
                ContentHash content = new ContentHash.Builder().add(body, text.start(), text.end()).build(); // hashed once for both keys
                Outcome outcome = outcome(body, site, text, content);
                if (outcome.changed()) {
                    splicer.replace(text, outcome.replacement());
                    count(reductions, outcome);
                } else if (read && !site.error() && site.texts().size() == 1 && text.length() >= MIN_REREAD_BYTES) {
                    ContentHash key = new ContentHash.Builder().add(body, site.call().input().start(), site.call().input().end())
                            .add(content).build();
                    ToolResults.Site first = firstReads.putIfAbsent(key, site);
                    if (first != null) {
                        Outcome marker = reread(body, text, first);
                        splicer.replace(text, marker.replacement());
                        count(reductions, marker);
                    }
                }
            }
        }
        return new Rewrite(splicer.result(), reductions);
    }

    private Outcome outcome(byte[] body, ToolResults.Site site, ToolResults.Span text, ContentHash content) {
        ToolResults.Call call = site.call();
        ContentHash key = new ContentHash.Builder().add(call.name()).add(body, call.input().start(), call.input().end())
                .add(content).add(site.error() ? 1 : 0).add(compressor.stripComments() ? 1 : 0).build();
        return memo.get(key, () -> compute(body, site, text));
    }

    private Outcome compute(byte[] body, ToolResults.Site site, ToolResults.Span text) {
        var call = new Compressor.ToolCall(site.call().name(),
                Json.MAPPER.readTree(body, site.call().input().start(), site.call().input().length()));
        String content = Json.MAPPER.readValue(body, text.start(), text.length(), String.class);
        Compressor.Result result = compressor.compress(call, content, site.error());
        if (result.text() == null) return Outcome.unchanged(result.kind(), text.length()); // not counted: no estimate needed
        long before = tokens.estimateSampled(body, text.start(), text.end());
        byte[] replacement = Json.MAPPER.writeValueAsBytes(result.text());
        return new Outcome(replacement, result.kind(), text.length(), replacement.length, before, tokens.estimate(replacement, 0, replacement.length));
    }

    /** The file a Read call read, for the marker. */
    private static String filePath(byte[] body, ToolResults.Call call) {
        return Json.MAPPER.readTree(body, call.input().start(), call.input().length()).path("file_path").asString("");
    }

    private Outcome reread(byte[] body, ToolResults.Span text, ToolResults.Site first) {
        String path = filePath(body, first.call());
        byte[] replacement = Json.MAPPER.writeValueAsBytes(Marker.reread(first.toolUseId(), path));
        return new Outcome(replacement, Kind.REREAD, text.length(), replacement.length,
                tokens.estimate(body, text.start(), text.end()), tokens.estimate(replacement, 0, replacement.length));
    }

    private static void count(Map<Kind, Reduction> reductions, Outcome o) {
        reductions.merge(o.kind(), new Reduction(o.kind().label(), 1, o.bytesBefore(), o.bytesAfter(), o.tokensBefore(), o.tokensAfter()),
                Reduction::plus);
    }

    /** Memo statistics, for the benchmark and logs. */
    public long memoHits() {
        return memo.hits();
    }
}
