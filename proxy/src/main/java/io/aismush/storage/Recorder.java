package io.aismush.storage;

import io.aismush.metering.RequestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Takes request records off the request path: {@link #record} never blocks, and one background thread hands
 * the records in batches to each sink. A full queue drops the record and counts it (logged once). A sink that
 * throws is logged and counted; the others still get the record. {@link #close} drains the queue, then closes the
 * sinks that are {@link AutoCloseable} (the database writer drains its own queue there), in order.
 */
public final class Recorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final RequestRecord STOP = new RequestRecord(null, null, null, null, null, null, false, 0, null, null, null, null, 0, 0, null, null, null);

    private final BlockingQueue<RequestRecord> queue;
    private final List<Consumer<RequestRecord>> sinks;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sinkFailures = new LongAdder();
    private final Thread worker;
    private volatile boolean warnedFull;

    public Recorder(int capacity, List<Consumer<RequestRecord>> sinks) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sinks = List.copyOf(sinks);
        this.worker = Thread.ofPlatform().daemon().name("aismush-recorder").start(this::run);
    }

    /** Queues a record; never blocks. */
    public void record(RequestRecord r) {
        if (!queue.offer(r)) {
            dropped.increment();
            if (!warnedFull) {
                warnedFull = true;
                log.warn("request records are arriving faster than they can be stored; dropping and counting them");
            }
        }
    }

    public long dropped() {
        return dropped.sum();
    }

    public long sinkFailures() {
        return sinkFailures.sum();
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        var batch = new ArrayList<RequestRecord>(256);
        while (true) {
            try {
                RequestRecord first = queue.take();
                batch.add(first);
                queue.drainTo(batch, 255);
                // by identity: a record's equals is generated at its first call, costly at the start, and a real record
                // could equal the marker
                boolean stop = batch.removeIf(r -> r == STOP);
                for (RequestRecord r : batch) deliver(r);
                batch.clear();
                if (stop) return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(RequestRecord r) {
        for (var sink : sinks) {
            try {
                sink.accept(r);
            } catch (RuntimeException e) {
                sinkFailures.increment();
                log.warn("a record sink failed: {}", e.toString());
            }
        }
    }

    /** Delivers everything queued so far, waiting at most {@code deadline}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    public void close(Duration deadline) {
        try {
            if (!queue.offer(STOP, deadline.toMillis(), TimeUnit.MILLISECONDS)) worker.interrupt();
            worker.join(deadline.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var sink : sinks) {
            if (sink instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.warn("closing a record sink failed: {}", e.toString());
                }
            }
        }
    }
}
