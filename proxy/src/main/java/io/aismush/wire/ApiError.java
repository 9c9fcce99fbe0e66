package io.aismush.wire;

import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * An error in Anthropic's shape, {@code {"type":"error","error":{"type":T,"message":M}}}, with its HTTP status.
 * Every error the proxy makes itself goes out in this shape, so clients parse and retry it as they would
 * Anthropic's own.
 */
public record ApiError(int status, String type, String message) {

    public static ApiError invalidRequest(String message) {
        return new ApiError(400, "invalid_request_error", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found_error", message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "request_too_large", message);
    }

    public static ApiError overloaded(String message) {
        return new ApiError(529, "overloaded_error", message);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "api_error", message);
    }

    /** The upstream could not be reached or broke before answering. */
    public static ApiError badGateway(String message) {
        return new ApiError(502, "api_error", message);
    }

    /** The upstream did not answer in time. */
    public static ApiError gatewayTimeout(String message) {
        return new ApiError(504, "timeout_error", message);
    }

    /** An error with the Anthropic type that goes with the HTTP status (PROTOCOL.md §1). */
    public static ApiError forStatus(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        return new ApiError(status, type, message);
    }

    /** The JSON body of an error response. */
    public byte[] toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("message", message);
        return Json.MAPPER.writeValueAsBytes(root);
    }

    /** The same error as one SSE event, for failures after the stream has started. */
    public byte[] toSseEvent() {
        return ("event: error\ndata: " + new String(toJson(), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Thrown where a request must end in this error; the HTTP layer renders it by the one error policy. */
    public static final class Failure extends RuntimeException {
        private final ApiError error;

        public Failure(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public Failure(ApiError error, Throwable cause) {
            super(error.message(), cause, false, false);
            this.error = error;
        }

        public ApiError error() {
            return error;
        }
    }
}
