package io.aismush.http;

import io.aismush.wire.ApiError;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The errors Jetty produces itself (malformed HTTP, bad headers, an exception escaping a handler) in Anthropic's
 * JSON shape, like every other error of the proxy, instead of Jetty's HTML page. No stack traces, ever.
 */
public final class JsonErrors extends ErrorHandler {
    public JsonErrors() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        ApiError error = ApiError.forStatus(status, message == null ? "request failed (" + status + ")" : message.toString());
        byte[] body = error.toJson();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(ApiError.forStatus(status, reason == null ? "malformed HTTP request" : "malformed HTTP request: " + reason).toJson());
    }
}
