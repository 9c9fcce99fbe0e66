package io.aismush.http;

import io.aismush.wire.ApiError;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How much heap the request bodies being read and rewritten may take at once. A request holds its body, and while the
 * pipeline works a few rewritten copies of it, until the upstream has answered; a thousand clients sending 200 kB each
 * at the same moment would need more heap than the proxy has. Past the budget a request waits, its body still unread
 * in the kernel (so its client is slowed by TCP, not failed), until earlier ones have been sent; after a long wait it
 * gets a 529 like any overload. Counted in KiB. Thread-safe.
 */
final class BodyBudget {
    /** What a request holds per byte of body at its peak: the body, a rewritten copy, and the read buffer or a splice. */
    static final int COPIES = 3;

    private final Semaphore kib;
    private final int totalKib;
    private final Duration maxWait;

    BodyBudget(long bytes, Duration maxWait) {
        this.totalKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / 1024));
        this.kib = new Semaphore(totalKib, true);
        this.maxWait = maxWait;
    }

    /** Half the heap the JVM may grow to. */
    static BodyBudget ofHeap(Duration maxWait) {
        return new BodyBudget(Runtime.getRuntime().maxMemory() / 2, maxWait);
    }

    /** A share held until closed; closing twice gives it back once. */
    final class Lease implements AutoCloseable {
        private final int held;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Lease(int held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) kib.release(held);
        }
    }

    /**
     * Takes the share of a body of {@code bodyBytes} (all of the budget at most, so one huge body can still go alone),
     * waiting while others hold it.
     *
     * @throws ApiError.Failure 529 when the wait runs past its bound
     * @throws InterruptedIOException when the waiting thread is interrupted (its client left)
     */
    Lease take(long bodyBytes) throws InterruptedIOException {
        int want = (int) Math.min(totalKib, (bodyBytes * COPIES + 1023) / 1024);
        try {
            if (!kib.tryAcquire(want, maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiError.Failure(ApiError.overloaded("aismush is holding as many request bodies as its memory allows; retry shortly"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("client went away while its request waited for memory");
        }
        return new Lease(want);
    }

    /** KiB free now (for tests and /health). */
    int availableKib() {
        return kib.availablePermits();
    }
}
