package io.aismush.context;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Reduction;
import io.aismush.pipeline.Route;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The {@code fit} step, applied to each provider attempt: makes a Messages request fit the provider it is about to
 * go to, and learns from the answer how good the estimate was. Claude turns are never trimmed. For other providers,
 * a request estimated above {@link FitSettings#trimAtTokens()} is trimmed ({@link Trimmer}) down to the target, once;
 * the cut is remembered per conversation (Claude Code's session id) and provider and re-applied unchanged to later
 * turns, so they hit the new prefix in the provider's cache, until the threshold is crossed again. A trimmed request
 * that breaks a rule ({@link FitCheck}) is not sent; the untrimmed one is. Thread-safe.
 */
public final class Fitter {
    private static final Logger log = LoggerFactory.getLogger(Fitter.class);
    private static final String CLAUDE = "anthropic";

    private final FitSettings settings;
    private final Calibration calibration;
    private final Trimmer trimmer = new Trimmer();
    private final SessionCuts cuts = new SessionCuts(4096);

    public Fitter(FitSettings settings, Calibration calibration) {
        this.settings = settings;
        this.calibration = calibration;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** One attempt's request as fitted for its provider, and what it learns from the answer. */
    public final class Fitted {
        private final Exchange exchange;
        private final DoubleSupplier rawEstimate; // null: nothing to learn from the answer

        private Fitted(Exchange exchange, double rawEstimate) {
            this(exchange, rawEstimate > 0 ? () -> rawEstimate : null);
        }

        private Fitted(Exchange exchange, DoubleSupplier rawEstimate) {
            this.exchange = exchange;
            this.rawEstimate = rawEstimate;
        }

        public Exchange exchange() {
            return exchange;
        }

        /** The answer, unchanged; its usage report calibrates the estimate for this provider and model. */
        public UpstreamResponse observe(UpstreamResponse response) {
            if (rawEstimate == null || !(response.body() instanceof UpstreamResponse.EventStream events)) return response;
            // Locals, not this attempt's fields: the tap lives as long as the answer streams, and must keep neither
            // this object nor, once the estimate is taken, the request body (a thousand long answers, a thousand bodies).
            Calibration learner = calibration;
            String provider = exchange.route().provider(), model = exchange.route().model();
            var tap = new UsageTap(events.events(), rawEstimate, (raw, actual) -> learner.observe(provider, model, raw, actual));
            return new UpstreamResponse(response.provider(), response.status(), response.headers(), new UpstreamResponse.EventStream(tap),
                    response.route(), response.fallbackFrom());
        }
    }

    /** Fits the exchange for the provider its route names. */
    public Fitted fit(Exchange exchange) {
        if (!exchange.isMessages() || !exchange.method().equals("POST")) return new Fitted(exchange, 0);
        byte[] body = exchange.body().bytes();
        Route route = exchange.route();
        // For Claude the estimate only feeds the calibration (an average over many requests): one block in sixteen
        // will do, taken once the answer's first event has gone out. For the others it decides whether to trim, so it
        // is taken now, from one block in four.
        if (route.provider().equals(CLAUDE)) return new Fitted(exchange, () -> TokenEstimator.rawSampled(body, 0, body.length, 16));
        double raw = TokenEstimator.rawSampled(body);
        TokenEstimator tokens = calibration.estimator(route.provider(), route.model());
        String key = key(exchange);
        Cut cut = cuts.get(key);
        long before = Math.round(raw * calibration.ratio(route.provider(), route.model()));
        if (cut == Cut.NONE && before <= settings.trimAtTokens()) return new Fitted(exchange, raw);
        try {
            ObjectNode request = (ObjectNode) Json.MAPPER.readTree(body);
            Cut next = trimmer.trim(request, cut, tokens, settings.trimAtTokens(), settings.targetTokens());
            List<String> problems = FitCheck.violations(request);
            if (!problems.isEmpty()) {
                log.warn("request {}: trimmed request for {} would break {}; sending it untrimmed", exchange.id(), route.provider(), problems);
                return new Fitted(exchange, raw);
            }
            cuts.put(key, next);
            if (next.equals(Cut.NONE)) return new Fitted(exchange, raw);
            byte[] fitted = Json.MAPPER.writeValueAsBytes(request);
            if (!next.equals(cut)) {
                log.info("request {}: trimmed for {} (~{} → ~{} tokens; {} results elided, {} messages dropped): a deliberate cache break",
                        exchange.id(), route.provider(), before, tokens.estimate(fitted), next.elided().size(), next.dropped());
            }
            exchange.notes().reduced(new Reduction("trim", 1, body.length, fitted.length, before, tokens.estimate(fitted)));
            Exchange out = exchange.withBody(fitted, exchange.summary());
            return new Fitted(out, TokenEstimator.raw(fitted, 0, fitted.length));
        } catch (RuntimeException e) {
            log.warn("request {}: could not fit it for {} ({}); sending it as it is", exchange.id(), route.provider(), e.toString());
            return new Fitted(exchange, raw);
        }
    }

    /** Conversation, agent and provider: each sub-agent's history is cut on its own. */
    private static String key(Exchange exchange) {
        String session = exchange.sessionId();
        if (session == null) return null;
        return session + "/" + exchange.headers().first("x-claude-code-agent-id").orElse("main") + "/" + exchange.route().provider();
    }
}
