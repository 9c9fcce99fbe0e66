package io.aismush.providers;

import io.aismush.pipeline.RequestBody;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Publishes a {@link RequestBody} in slices, holding the bytes only while a subscription is sending them: once
 * the body is sent and {@link RequestBody#release() released}, no part of the upstream request keeps it alive.
 */
final class BodyPublisher implements HttpRequest.BodyPublisher {
    private static final int SLICE = 64 * 1024;
    private final long length;
    private volatile RequestBody body;

    BodyPublisher(RequestBody body) {
        this.body = body;
        this.length = body.length();
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        RequestBody b = body;
        if (b == null) {
            subscriber.onSubscribe(new Slices(new byte[0], subscriber));
            subscriber.onError(new IllegalStateException("request body already sent"));
            return;
        }
        subscriber.onSubscribe(new Slices(b.bytes(), subscriber));
    }

    /**
     * Forgets the body once the upstream answered. The JDK client keeps the request (and so this publisher) reachable
     * from the response for as long as the answer streams.
     */
    void detach() {
        body = null;
    }

    /** Emits the slices on demand; re-entrant calls to {@link #request} are trampolined, not recursed. */
    private static final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private byte[] data;
        private int offset;
        private long demand;
        private boolean draining;

        Slices(byte[] data, Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.data = data;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (n <= 0) {
                    data = null;
                    subscriber.onError(new IllegalArgumentException("non-positive demand " + n));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                if (draining) return;
                draining = true;
            }
            while (true) {
                ByteBuffer slice;
                synchronized (this) {
                    if (data == null || demand == 0) {
                        draining = false;
                        return;
                    }
                    if (offset == data.length) {
                        data = null;
                        draining = false;
                        slice = null;
                    } else {
                        int len = Math.min(SLICE, data.length - offset);
                        slice = ByteBuffer.wrap(data, offset, len);
                        offset += len;
                        demand--;
                    }
                }
                if (slice == null) {
                    subscriber.onComplete();
                    return;
                }
                subscriber.onNext(slice);
            }
        }

        @Override
        public synchronized void cancel() {
            data = null;
        }
    }
}
