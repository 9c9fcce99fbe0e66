package io.aismush.http;

import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Blocking reads and writes on Jetty's request and response, for handlers running on virtual threads. */
final class ClientIo {
    private ClientIo() {}

    /**
     * Reads the whole request body, refusing more than {@code limit} bytes.
     *
     * @throws ApiError.Failure 413 when the body is larger than the limit
     */
    static byte[] readBody(Request request, long limit) throws IOException {
        long declared = request.getLength();
        if (declared > limit) {
            discardBody(request, REFUSED_BODY_DRAIN); // else the client, still sending, may lose the 413 to a reset
            throw tooLarge(limit);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // Straight into one array of the declared size: readNBytes would gather chunks and copy them again.
                byte[] body = new byte[(int) declared];
                int n = 0;
                while (n < body.length) {
                    int r = in.read(body, n, body.length - n);
                    if (r < 0) throw new ApiError.Failure(ApiError.invalidRequest("request body ended early"));
                    n += r;
                }
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) {
                drain(in, REFUSED_BODY_DRAIN);
                throw tooLarge(limit);
            }
            return body;
        }
    }

    /**
     * Reads and drops the request body (at most {@code limit} bytes), for answers given without reading it (529).
     * Closing a connection with unread request bytes resets it, and a client still sending its body then loses
     * the answer; with the body read, the answer arrives and the connection stays usable.
     */
    static void discardBody(Request request, long limit) {
        if (request.getLength() == 0) return;
        try (InputStream in = Content.Source.asInputStream(request)) {
            drain(in, limit);
        } catch (IOException e) {
            // the client went away; sending the answer will fail and say so
        }
    }

    /** How much of a body refused as too large is still read and dropped; beyond it, Jetty closes the connection. */
    private static final long REFUSED_BODY_DRAIN = 64L * 1024 * 1024;

    private static void drain(InputStream in, long limit) {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > limit) return; // too large anyway: let Jetty close the connection
            }
        } catch (IOException e) {
            // the client went away; sending the answer will fail and say so
        }
    }

    private static ApiError.Failure tooLarge(long limit) {
        return new ApiError.Failure(ApiError.tooLarge("request body exceeds the proxy's limit of " + limit + " bytes"));
    }

    /** Writes bytes and waits until they have gone out; {@code last} completes the response. */
    static void write(Response response, boolean last, byte[] bytes, int offset, int length) throws IOException {
        try (Blocker.Callback callback = Blocker.callback()) {
            response.write(last, ByteBuffer.wrap(bytes, offset, length), callback);
            callback.block();
        }
    }

    static void write(Response response, boolean last, byte[] bytes) throws IOException {
        write(response, last, bytes, 0, bytes.length);
    }

    /** Sends a complete response with a JSON body. */
    static void sendJson(Response response, int status, Object value) throws IOException {
        sendJson(response, status, Json.MAPPER.writeValueAsBytes(value));
    }

    static void sendJson(Response response, int status, byte[] json) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // JSON may quote what clients sent (model names, memories): no browser may read it as anything but JSON.
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        write(response, true, json);
    }

    /** Sends an error in Anthropic's shape, before anything else of the response was sent. */
    static void sendError(Response response, ApiError error) throws IOException {
        sendJson(response, error.status(), error.toJson());
    }
}
