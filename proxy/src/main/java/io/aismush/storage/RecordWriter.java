package io.aismush.storage;

import io.aismush.metering.BilledRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes billed records to the database in batched transactions, on its own thread, so a slow or broken database
 * never reaches the request path (nor the recorder's other sinks). {@link #accept} never blocks.
 *
 * <p>When a write fails (the database is locked, full, read-only, deleted or down) the batch is kept and retried
 * with backoff; the proxy serves on, the outage is logged once when it starts and once when it ends. Records that
 * arrive while the queue is full are counted as lost, and so is whatever is still unwritten when {@link #close}'s
 * deadline passes: a record is either stored or counted in {@link #lost()}, never silently dropped.
 */
public final class RecordWriter implements Consumer<BilledRecord>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);
    private static final int BATCH = 500;
    /**
     * How long a batch waits for company once its first record arrived: one transaction per 50 ms instead of one per
     * request keeps the writer's CPU use (which competes with the request path on a small machine) low.
     */
    private static final long LINGER_MS = 50;

    /** Writes one batch in one transaction. */
    @FunctionalInterface
    public interface BatchWrite {
        void write(List<BilledRecord> batch) throws SQLException;
    }

    private final BatchWrite target;
    private final BlockingQueue<BilledRecord> queue;
    private final Duration maxBackoff;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final Thread worker;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    private volatile int inBatch;
    private volatile String lastError;
    private volatile boolean warnedLost;

    public RecordWriter(BatchWrite target, int capacity, Duration maxBackoff) {
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBackoff = maxBackoff;
        this.worker = Thread.ofPlatform().daemon().name("aismush-db-writer").start(this::run);
    }

    /** A writer into {@code store}, keeping up to 50,000 records in memory while the database is unavailable. */
    public static RecordWriter into(Store store) {
        return new RecordWriter(batch -> store.inTransaction(c -> {
            RequestRows.write(c, batch);
            return null;
        }), 50_000, Duration.ofSeconds(5));
    }

    @Override
    public void accept(BilledRecord b) {
        if (closing || !queue.offer(b)) {
            lost.incrementAndGet();
            if (!warnedLost) {
                warnedLost = true;
                log.error("request records are being lost: {} (counted in /stats records_lost and aismush_records_lost_total)",
                        closing ? "they arrived after shutdown began" : "the database has been unavailable long enough to fill the queue");
            }
        }
    }

    private void run() {
        var batch = new ArrayList<BilledRecord>(BATCH);
        while (!(closing && queue.isEmpty())) {
            try {
                BilledRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                inBatch = batch.size();
                if (batch.size() < BATCH && !closing) {
                    Thread.sleep(LINGER_MS);
                    queue.drainTo(batch, BATCH - batch.size());
                }
                inBatch = batch.size();
                if (!writeWithRetry(batch)) {
                    lose(batch.size() + drainAll());
                    return;
                }
            } catch (InterruptedException e) {
                lose(batch.size() + drainAll());
                return;
            } finally {
                batch.clear();
                inBatch = 0;
            }
        }
    }

    /** Writes the batch, retrying with backoff; false only when the close deadline passed first. */
    private boolean writeWithRetry(List<BilledRecord> batch) throws InterruptedException {
        long backoffMs = 100;
        long attempts = 0;
        while (true) {
            try {
                target.write(batch);
                written.addAndGet(batch.size());
                if (attempts > 0) {
                    log.info("storing request records again after {} failed attempt(s); {} lost meanwhile", attempts, lost.get());
                    lastError = null;
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                if (Failures.isConstraint(e)) return writeAlone(batch, e);
                attempts++;
                failedAttempts.incrementAndGet();
                String reason = Failures.describe(e);
                if (attempts == 1) {
                    log.warn("cannot store request records ({}); aismush serves on, keeps up to {} records in memory and retries",
                            reason, queue.remainingCapacity() + queue.size());
                }
                lastError = reason;
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs) > closeDeadlineNanos) return false;
            Thread.sleep(backoffMs);
            backoffMs = Math.min(maxBackoff.toMillis(), backoffMs * 2);
        }
    }

    /**
     * A constraint failed (a duplicate request id): retrying the batch would fail forever, so each record is written
     * on its own and the ones the database refuses are counted as lost.
     */
    private boolean writeAlone(List<BilledRecord> batch, Exception cause) throws InterruptedException {
        if (batch.size() == 1) {
            lost.incrementAndGet();
            log.error("the database refused request record {} ({}); counted as lost", batch.getFirst().record().id(), Failures.describe(cause));
            return true;
        }
        for (BilledRecord r : batch) {
            if (!writeWithRetry(List.of(r))) return false;
        }
        return true;
    }

    private int drainAll() {
        var rest = new ArrayList<BilledRecord>();
        queue.drainTo(rest);
        return rest.size();
    }

    private void lose(int n) {
        if (n == 0) return;
        lost.addAndGet(n);
        log.error("{} request record(s) could not be stored before shutdown ({}); counted as lost", n, lastError);
    }

    /** Records stored so far. */
    public long written() {
        return written.get();
    }

    /** Records given up on: counted, never silent. */
    public long lost() {
        return lost.get();
    }

    /** Records waiting to be written, including the batch being written. */
    public long pending() {
        return queue.size() + inBatch;
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** The reason the last write failed, or null once writes succeed again. */
    public String lastError() {
        return lastError;
    }

    /** Writes what is queued (retrying until {@code deadline}), then stops; what is left is counted as lost. */
    public void close(Duration deadline) {
        closeDeadlineNanos = System.nanoTime() + deadline.toNanos();
        closing = true;
        try {
            worker.join(deadline.plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) worker.interrupt();
    }

    /** Drains for at most five seconds: plenty for a working database, a bounded wait for a broken one. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
