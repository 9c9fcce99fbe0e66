package io.aismush.http;

import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices a client hanging up while the proxy is not writing to it (waiting for the upstream's first byte, or for
 * a silent upstream). Jetty does not read a connection whose request is complete, so a closed socket would only
 * show on the next write; this registers read interest on the connection and treats end-of-stream as a hang-up.
 *
 * <p>The interest must be withdrawn with {@link #cancel()} before the response completes, so Jetty can read the
 * next request on a kept-alive connection. A client that pipelines its next request while the current one is
 * still being answered loses that request's first byte; no mainstream HTTP client pipelines.
 */
final class ClientWatch {
    private final AbstractEndPoint endPoint;
    private final Runnable onGone;
    private final AtomicBoolean done = new AtomicBoolean();

    private ClientWatch(AbstractEndPoint endPoint, Runnable onGone) {
        this.endPoint = endPoint;
        this.onGone = onGone;
    }

    /** Starts watching; returns a watch to cancel, or one that does nothing when the connection cannot be watched. */
    static ClientWatch start(Request request, Runnable onGone) {
        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        if (!(ep instanceof AbstractEndPoint abstractEndPoint)) return new ClientWatch(null, onGone);
        var watch = new ClientWatch(abstractEndPoint, onGone);
        watch.register();
        return watch;
    }

    private void register() {
        if (done.get()) return;
        endPoint.tryFillInterested(new Callback() {
            @Override
            public void succeeded() {
                if (done.get()) return;
                try {
                    ByteBuffer probe = BufferUtil.allocate(1);
                    int n = endPoint.fill(probe);
                    if (n < 0) gone();
                    else if (n == 0) register();
                    else done.set(true); // the client sent more bytes: it is alive; stop watching
                } catch (IOException e) {
                    gone();
                }
            }

            @Override
            public void failed(Throwable x) {
                if (!(x instanceof CancellationException)) gone();
            }

            @Override
            public InvocationType getInvocationType() {
                return InvocationType.NON_BLOCKING;
            }
        });
    }

    private void gone() {
        if (done.compareAndSet(false, true)) onGone.run();
    }

    /** Withdraws the read interest, if still registered. Idempotent. */
    void cancel() {
        if (endPoint != null && done.compareAndSet(false, true)) {
            endPoint.getFillInterest().onFail(new CancellationException("exchange complete"));
        }
    }
}
