package io.aismush.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one background thread of the memory feature: extraction, access counts, expiry. {@link #submit} never blocks;
 * a full queue drops the job and counts it, a failing job is logged and counted. Thread-safe.
 */
final class MemoryWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryWorker.class);

    /** A job that may fail with any exception. */
    @FunctionalInterface
    interface Job {
        void run() throws Exception;
    }

    private static final Job STOP = () -> { };

    private final BlockingQueue<Job> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;

    MemoryWorker(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("aismush-memory").start(this::run);
    }

    void submit(Job job) {
        if (!queue.offer(job) && dropped.incrementAndGet() == 1) {
            log.warn("memory jobs arrive faster than they are done; dropping and counting them");
        }
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) return;
            try {
                job.run();
            } catch (Exception | LinkageError e) {
                failed.incrementAndGet();
                log.warn("a memory job failed: {}", e.toString());
            }
            done.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    /** Jobs finished so far (tests wait on it). */
    long done() {
        return done.get();
    }

    int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 2, TimeUnit.SECONDS)) thread.interrupt();
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) thread.interrupt();
    }
}
