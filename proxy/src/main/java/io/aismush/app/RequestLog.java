package io.aismush.app;

import io.aismush.metering.RequestRecord;
import io.aismush.pipeline.Reduction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Logs one line per request: what was asked, who served it, the tokens and the timing. Never headers or bodies. */
final class RequestLog implements Consumer<RequestRecord> {
    private static final Logger log = LoggerFactory.getLogger("aismush.requests");

    @Override
    public void accept(RequestRecord r) {
        if (!log.isInfoEnabled()) return;
        var u = r.usage();
        log.info("{} {} model={} served={} by={}{}{} status={} outcome={}{} stop={} in={} out={} cache_read={} cache_write={} ttfb={}ms total={}ms{}",
                r.id(), r.endpoint(), r.modelRequested(), r.modelServed(), r.provider(),
                r.routeReason() == null ? "" : " (" + r.routeReason() + ")",
                r.fallbackFrom() == null ? "" : " fallback_from=" + r.fallbackFrom(), r.status(),
                r.outcome().name().toLowerCase(Locale.ROOT), r.errorType() == null ? "" : " error=" + r.errorType(), r.stopReason(),
                u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(),
                Math.round(r.ttfbMillis() * 10) / 10.0, Math.round(r.totalMillis() * 10) / 10.0, reductions(r.reductions()));
    }

    /** " reduced=test-log:2(48000→9000 bytes,12000→2300 tokens),reread:1(...)", or "" when nothing was removed. */
    static String reductions(List<Reduction> reductions) {
        if (reductions.isEmpty()) return "";
        var sb = new StringBuilder(" reduced=");
        for (Reduction x : reductions) {
            if (sb.length() > 9) sb.append(',');
            sb.append(x.kind()).append(':').append(x.count()).append('(').append(x.bytesBefore()).append('→').append(x.bytesAfter())
                    .append(" bytes,").append(x.tokensBefore()).append('→').append(x.tokensAfter()).append(" tokens)");
        }
        return sb.toString();
    }
}
