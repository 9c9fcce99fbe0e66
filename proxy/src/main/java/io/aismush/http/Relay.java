package io.aismush.http;

import io.aismush.metering.ResponseObserver;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.SseEvent;
import io.aismush.wire.EventSource;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.io.InputStream;

/**
 * Copies an upstream body to the client as it arrives: an event stream one whole event per write (each write goes
 * out at once, so the client sees event k before the upstream sends k+1), any other body chunk by chunk. The
 * observer sees each piece after it was sent. Failures are reported by type, so the caller applies the one error
 * policy: a failed write means the client left; a failed read means the upstream broke.
 */
final class Relay {
    private Relay() {}

    /** The client's side of the connection failed: it hung up. */
    static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A plain body broke after part of it was relayed: the client's response can only be aborted. */
    static final class BodyCut extends IOException {
        BodyCut(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The upstream's body broke before it was complete. */
    static final class UpstreamBroke extends IOException {
        UpstreamBroke(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Relays every event until the upstream's stream ends; returns normally at its end, whole or not. */
    static void events(UpstreamResponse.EventStream body, Response client, ResponseObserver observer) throws IOException {
        EventSource reader = body.events();
        while (true) {
            SseEvent event;
            try {
                event = reader.next();
            } catch (IOException e) {
                throw new UpstreamBroke(e.getMessage(), e);
            }
            if (event == null) return;
            try {
                ClientIo.write(client, false, event.raw());
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            observer.onEvent(event);
        }
    }

    /** Relays a plain body until its end. */
    static void bytes(UpstreamResponse.Bytes body, Response client, ResponseObserver observer) throws IOException {
        InputStream in = body.in();
        byte[] buffer = new byte[16 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new UpstreamBroke(e.getMessage(), e);
            }
            if (n < 0) return;
            if (n == 0) continue;
            try {
                ClientIo.write(client, false, buffer, 0, n);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            observer.onBytes(buffer, 0, n);
        }
    }
}
