package io.aismush.providers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes upstream bodies that stay silent for longer than the idle timeout, which turns a hung upstream into a
 * cut stream the relay can report. One daemon thread sweeps every watched stream once a second, so a read
 * costs one volatile write, not a timer.
 */
public final class IdleWatchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdleWatchdog.class);
    private final long idleNanos;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final Thread sweeper;

    public IdleWatchdog(Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
        this.sweeper = Thread.ofPlatform().daemon().name("aismush-idle-watchdog").start(this::sweep);
    }

    /** Wraps a body so it is closed if no byte arrives within the idle timeout. Closing it unwatches it. */
    public InputStream watch(InputStream in) {
        var w = new Watched(in);
        watched.add(w);
        return w;
    }

    private void sweep() {
        long tick = Math.max(10, Math.min(1000, idleNanos / 4_000_000));
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watched w : watched) {
                if (w.reading && now - w.lastActivity > idleNanos) {
                    w.timedOut = true;
                    try {
                        w.close();
                    } catch (IOException | RuntimeException e) {
                        log.debug("closing an idle upstream body failed", e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.interrupt();
    }

    /**
     * A body whose reads mark activity. Only time spent waiting in a read counts as silence: while the relay is busy
     * elsewhere (writing a large event to a slow client), the upstream is not the one being slow.
     */
    private final class Watched extends FilterInputStream {
        volatile long lastActivity = System.nanoTime();
        volatile boolean reading;
        volatile boolean timedOut;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            lastActivity = System.nanoTime();
            reading = true;
            try {
                int n = super.read(b, off, len);
                if (timedOut) throw idle();
                return n;
            } catch (IOException e) {
                throw timedOut ? idle() : e;
            } finally {
                reading = false;
                lastActivity = System.nanoTime();
            }
        }

        private UpstreamIdleException idle() {
            return new UpstreamIdleException("upstream sent nothing for " + idleNanos / 1_000_000 + " ms");
        }

        @Override
        public void close() throws IOException {
            watched.remove(this);
            super.close();
        }
    }

    /** The upstream went silent for longer than the idle timeout. */
    public static final class UpstreamIdleException extends IOException {
        UpstreamIdleException(String message) {
            super(message);
        }
    }
}
