package io.aismush.compress;

import io.aismush.context.TokenEstimator;
import io.aismush.pipeline.Chain;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Reduction;
import io.aismush.pipeline.Stage;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.Json;
import io.aismush.wire.Outline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code compress} stage: rewrites the tool results of a Messages request (see {@link Compressor}) and passes
 * the request on. A rewrite is spliced into the client's bytes, so everything else stays byte for byte; a request
 * nothing changed in goes on with its original body. Each rewrite depends only on the result, its call and the
 * earlier messages, so the rewritten history of turn N+1 starts with the rewritten turn N (the prompt cache holds).
 * For the same reason a request that begins as a recent one did (Claude Code sends the whole conversation every turn)
 * is rewritten on from the last message boundary before their first differing byte, the rest taken from the earlier
 * rewrite ({@link Recent}). What it saved is noted on the exchange per kind. Thread-safe; one instance serves every
 * request.
 */
public final class CompressStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(CompressStage.class);
    /** Re-reads shorter than this are left alone: the marker would be about as long. */
    static final int MIN_REREAD_BYTES = 1_024;

    private final Compressor compressor;
    private final TokenEstimator tokens;
    private final Memo memo = new Memo(16_384, 64L * 1024 * 1024);
    private final Recent recent = new Recent(16, 32L * 1024 * 1024);

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
        exchange.notes().reducedLater(() -> rewrite.reductions().values());
        return chain.proceed(exchange.withBody(rewrite.body(), exchange.summary(), outlineAfter(exchange, rewrite)));
    }

    /** The outline of the rewritten body, moved from the client's (the later stages need not read the body again). */
    private static Outline outlineAfter(Exchange exchange, Rewrite rewrite) {
        try {
            Outline before = exchange.body().outline();
            return before == null ? null : before.spliced(rewrite.body(), rewrite.splices());
        } catch (IllegalArgumentException e) {
            return null; // made anew when a stage asks
        }
    }

    /**
     * The rewritten body ({@code body} itself when nothing changed) and what each kind saved. The body may be shared
     * with later rewrites of requests that begin the same way: like every request body, it is read-only.
     */
    public record Rewrite(byte[] body, Supplier<Map<Kind, Reduction>> counted, List<Outline.Splice> splices) {
        static Rewrite of(byte[] body, Recent.Done done) {
            var splices = new ArrayList<Outline.Splice>(done.edits().size());
            for (Recent.Edit e : done.edits()) splices.add(new Outline.Splice(e.span().start(), e.span().end(), e.outcome().replacement().length));
            return new Rewrite(body, done::reductions, splices);
        }

        /** What each kind saved (makes the token estimates not made yet: ask after the request was sent). */
        public Map<Kind, Reduction> reductions() {
            return counted.get();
        }
    }

    /** Rewrites the tool results of a Messages body. */
    public Rewrite rewrite(byte[] body) {
        Recent.Match match = recent.closest(body);
        if (match != null && match.identical()) {
            Recent.Done done = match.done();
            return Rewrite.of(done.out() == done.body() ? body : done.out(), done); // the same bytes: the same places
        }
        ToolResults.Mark mark = match == null ? null : lastMarkWithin(match.done().scan(), match.common());
        Recent.Done done = mark == null ? rewrite(body, ToolResults.full(body), 0, List.of(), List.of())
                : resume(body, match.done(), mark);
        recent.add(done, mark == null ? null : match.done());
        return Rewrite.of(done.out(), done);
    }

    /** The last message boundary of an earlier scan within its first {@code common} bytes, or null. */
    private static ToolResults.Mark lastMarkWithin(ToolResults.Scan scan, int common) {
        ToolResults.Mark last = null;
        for (ToolResults.Mark m : scan.marks()) {
            if (m.at() > common) break;
            last = m;
        }
        return last;
    }

    /** Rewrites {@code body} on from a message boundary, before which it is the same bytes as an earlier request. */
    private Recent.Done resume(byte[] body, Recent.Done before, ToolResults.Mark mark) {
        ToolResults.Scan scan = ToolResults.resume(body, before.body(), before.scan(), mark);
        var edits = new ArrayList<Recent.Edit>();
        for (Recent.Edit e : before.edits()) {
            if (e.site() >= mark.sites()) break;
            edits.add(e);
        }
        var reads = new ArrayList<Recent.Seen>();
        for (Recent.Seen r : before.reads()) {
            if (r.site() >= mark.sites()) break;
            reads.add(r);
        }
        return rewrite(body, scan, mark.sites(), edits, reads);
    }

    /**
     * Rewrites the results of {@code scan} from site {@code from} on, after the edits and first reads of the sites
     * before it (taken from an earlier rewrite of the same bytes).
     */
    private Recent.Done rewrite(byte[] body, ToolResults.Scan scan, int from, List<Recent.Edit> earlierEdits, List<Recent.Seen> earlierReads) {
        var edits = new ArrayList<>(earlierEdits);
        var reads = new ArrayList<>(earlierReads);
        var firstReads = new HashMap<ContentHash, ToolResults.Site>();
        for (Recent.Seen r : reads) firstReads.putIfAbsent(r.key(), scan.sites().get(r.site()));
        for (int k = from; k < scan.sites().size(); k++) {
            ToolResults.Site site = scan.sites().get(k);
            if (site.call() == null) continue;
            boolean read = site.call().name().equals("Read");
            for (ToolResults.Span text : site.texts()) {
                ContentHash content = new ContentHash.Builder().add(body, text.start(), text.end()).build(); // hashed once for both keys
                Outcome outcome = outcome(body, site, text, content);
                if (outcome.changed()) {
                    edits.add(new Recent.Edit(k, text, outcome));
                } else if (read && !site.error() && site.texts().size() == 1 && text.length() >= MIN_REREAD_BYTES) {
                    ContentHash key = new ContentHash.Builder().add(body, site.call().input().start(), site.call().input().end())
                            .add(content).build();
                    ToolResults.Site first = firstReads.putIfAbsent(key, site);
                    if (first == null) reads.add(new Recent.Seen(key, k));
                    else edits.add(new Recent.Edit(k, text, reread(body, text, first)));
                }
            }
        }
        return new Recent.Done(body, Splicer.splice(body, edits), scan, List.copyOf(edits), List.copyOf(reads));
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
        String content = JsonText.decode(body, text.start(), text.end());
        Compressor.Result result = compressor.compress(call, content, site.error());
        if (result.text() == null) return Outcome.unchanged(result.kind(), text.length()); // not counted: no estimate needed
        byte[] replacement = JsonText.encode(result.text());
        return new Outcome(replacement, result.kind(), text.length(), replacement.length,
                Tokens.of(tokens, body, text.start(), text.end(), true, replacement));
    }

    /** The file a Read call read, for the marker. */
    private static String filePath(byte[] body, ToolResults.Call call) {
        return Json.MAPPER.readTree(body, call.input().start(), call.input().length()).path("file_path").asString("");
    }

    private Outcome reread(byte[] body, ToolResults.Span text, ToolResults.Site first) {
        String path = filePath(body, first.call());
        byte[] replacement = JsonText.encode(Marker.reread(first.toolUseId(), path));
        return new Outcome(replacement, Kind.REREAD, text.length(), replacement.length,
                Tokens.of(tokens, body, text.start(), text.end(), false, replacement));
    }

    /** Memo statistics, for the benchmark and logs. */
    public long memoHits() {
        return memo.hits();
    }
}
