package io.aismush.metering;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Cost and savings since this proxy started, in memory (works with the database off). Thread-safe. */
public final class CostTotals implements Consumer<BilledRecord> {
    private final DoubleAdder cost = new DoubleAdder();
    private final DoubleAdder baseline = new DoubleAdder();
    private final DoubleAdder routing = new DoubleAdder();
    private final DoubleAdder compression = new DoubleAdder();
    private final LongAdder unpriced = new LongAdder();

    @Override
    public void accept(BilledRecord b) {
        cost.add(b.bill().costUsd());
        baseline.add(b.bill().baselineUsd());
        routing.add(b.bill().routingSavingsUsd());
        compression.add(b.bill().compressionSavingsUsd());
        if (!b.bill().priced()) unpriced.increment();
    }

    public void reset() {
        cost.reset();
        baseline.reset();
        routing.reset();
        compression.reset();
        unpriced.reset();
    }

    public Map<String, Object> snapshot() {
        var out = new LinkedHashMap<String, Object>();
        out.put("cost_usd", cost.sum());
        out.put("baseline_usd", baseline.sum());
        out.put("savings_usd", routing.sum() + compression.sum());
        out.put("routing_savings_usd", routing.sum());
        out.put("compression_savings_usd", compression.sum());
        out.put("savings_pct", Percent.of(routing.sum() + compression.sum(), baseline.sum()));
        out.put("unpriced_requests", unpriced.sum());
        return out;
    }
}
