package io.aismush.metering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The recorder's accounting sink: prices each record once and hands the billed record to its own sinks (the
 * database writer, the metrics, the in-memory totals). A sink that throws is logged and counted; the others still
 * get the record. Closing it closes the sinks that are {@link AutoCloseable}, in order. Called from the recorder's
 * one thread.
 */
public final class Accounting implements Consumer<RequestRecord>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Accounting.class);

    private final Meter meter;
    private final List<Consumer<BilledRecord>> sinks;
    private final LongAdder failures = new LongAdder();

    public Accounting(Meter meter, List<Consumer<BilledRecord>> sinks) {
        this.meter = meter;
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void accept(RequestRecord r) {
        var billed = new BilledRecord(r, meter.bill(r));
        for (var sink : sinks) {
            try {
                sink.accept(billed);
            } catch (RuntimeException e) {
                failures.increment();
                log.warn("an accounting sink failed: {}", e.toString());
            }
        }
    }

    public Meter meter() {
        return meter;
    }

    public long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        for (var sink : sinks) {
            if (sink instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("closing an accounting sink failed: {}", e.toString());
                }
            }
        }
    }
}
