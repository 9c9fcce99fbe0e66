package io.aismush.metering;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Prometheus metrics: counters fed by billed records, histograms of latency, and gauges read when scraped. Each
 * proxy has its own registry (tests run several in one JVM). Thread-safe.
 */
public final class Metrics implements Consumer<BilledRecord> {
    private static final String[] STATES = {"closed", "open", "half_open", "forced_open", "disabled", "metrics_only"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("aismush_requests_total").help("Requests by provider and outcome")
            .labelNames("provider", "outcome").register(registry);
    private final Counter errors = Counter.builder().name("aismush_errors_total").help("Failed requests by error type")
            .labelNames("type").register(registry);
    private final Counter tokens = Counter.builder().name("aismush_tokens_total").help("Tokens by provider and kind")
            .labelNames("provider", "kind").register(registry);
    private final Counter cost = Counter.builder().name("aismush_cost_usd_total").help("What the providers bill, USD")
            .labelNames("provider").register(registry);
    private final Counter baseline = Counter.builder().name("aismush_baseline_usd_total")
            .help("What the requested models would have billed (all-Claude baseline), USD").register(registry);
    private final Counter savings = Counter.builder().name("aismush_savings_usd_total").help("Savings by kind, USD (routing may be negative)")
            .labelNames("kind").register(registry);
    private final Histogram ttfb = Histogram.builder().name("aismush_ttfb_seconds").help("Time to first byte sent to the client")
            .classicOnly().classicExponentialUpperBounds(0.001, 2, 18).register(registry);
    private final Histogram total = Histogram.builder().name("aismush_request_duration_seconds").help("Time to the end of the answer")
            .classicOnly().classicExponentialUpperBounds(0.001, 2, 20).register(registry);

    @Override
    public void accept(BilledRecord b) {
        var r = b.record();
        String provider = r.provider() == null ? "none" : r.provider();
        requests.labelValues(provider, r.outcome().name().toLowerCase(Locale.ROOT)).inc();
        if (r.errorType() != null) errors.labelValues(r.errorType()).inc();
        var u = r.usage();
        if (u != null) {
            tokens.labelValues(provider, "input").inc(u.inputTokens());
            tokens.labelValues(provider, "output").inc(u.outputTokens());
            tokens.labelValues(provider, "cache_read").inc(u.cacheReadTokens());
            tokens.labelValues(provider, "cache_write_5m").inc(u.cacheWrite5mTokens());
            tokens.labelValues(provider, "cache_write_1h").inc(u.cacheWrite1hTokens());
        }
        cost.labelValues(provider).inc(b.bill().costUsd());
        baseline.inc(b.bill().baselineUsd());
        // Prometheus counters only go up: negative routing savings (a dearer fallback) are counted apart.
        double routing = b.bill().routingSavingsUsd();
        savings.labelValues(routing >= 0 ? "routing" : "routing_negative").inc(Math.abs(routing));
        savings.labelValues("compression").inc(Math.max(0, b.bill().compressionSavingsUsd()));
        if (r.ttfbMillis() >= 0) ttfb.observe(r.ttfbMillis() / 1000.0);
        total.observe(r.totalMillis() / 1000.0);
    }

    /** A gauge read at scrape time. */
    public Metrics gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
        return this;
    }

    /** One gauge per provider and breaker state, 1 for the state it is in. */
    public Metrics breakers(Supplier<Map<String, String>> states) {
        GaugeWithCallback.builder().name("aismush_breaker_state").help("Circuit breaker state per provider (1 = current)")
                .labelNames("provider", "state").callback(cb -> states.get().forEach((provider, state) -> {
                    for (String s : STATES) cb.call(s.equals(state) ? 1 : 0, provider, s);
                })).register(registry);
        return this;
    }

    /** The metrics in Prometheus text format 0.0.4. */
    public byte[] scrape() {
        var out = new ByteArrayOutputStream(8192);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
