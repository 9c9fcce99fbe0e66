package io.aismush.providers.openai;

import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns an OpenAI-style error ({@code {"error":{"message","type","code"}}}, or the looser shapes local servers use:
 * {@code {"error":"text"}}, {@code {"message":...}}, {@code {"detail":...}}, plain text) into an Anthropic error with
 * the status and type Claude Code's retry logic expects.
 */
final class UpstreamErrors {
    private UpstreamErrors() {}

    /** The longest upstream error body read; the rest is not worth keeping. */
    static final int MAX_BODY = 64 * 1024;

    /** An error response's status and body, in Anthropic's terms. */
    static ApiError fromResponse(int status, byte[] body, String provider) {
        JsonNode root = null;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            // not JSON: the text itself is the message
        }
        String message = root != null && root.isObject() ? messageOf(root) : new String(body, StandardCharsets.UTF_8).strip();
        String code = root != null ? root.path("error").path("code").asString("") : "";
        return map(status, message, code, provider);
    }

    /**
     * An {@code error} object inside a 200 stream. Its {@code code} gives the status when it is an HTTP status;
     * otherwise the error counts as {@code fallbackStatus}.
     */
    static ApiError fromErrorObject(JsonNode chunk, int fallbackStatus, String provider) {
        JsonNode code = chunk.path("error").path("code");
        int status = httpStatus(code.isNumber() ? code.asString() : code.asString(""), fallbackStatus);
        return map(status, messageOf(chunk), code.asString(""), provider);
    }

    /** An error code that is an HTTP error status ({@code 404}, {@code "429"}), or the fallback. */
    private static int httpStatus(String code, int fallback) {
        if (code.length() != 3 || !code.chars().allMatch(Character::isDigit)) return fallback;
        int status = Integer.parseInt(code);
        return status >= 400 && status < 600 ? status : fallback;
    }

    private static ApiError map(int status, String message, String code, String provider) {
        String text = provider + " upstream: " + (message == null || message.isBlank() ? "HTTP " + status : message);
        if (status == 400 || status == 413 || status == 422) {
            // Claude Code compacts the conversation when told the prompt is too long, in Anthropic's words.
            if (isContextOverflow(message, code)) return new ApiError(400, "invalid_request_error", "prompt is too long: " + text);
        }
        return switch (status) {
            case 400, 422 -> new ApiError(400, "invalid_request_error", text);
            case 401 -> new ApiError(401, "authentication_error", text);
            case 402 -> new ApiError(402, "billing_error", text);
            case 403 -> new ApiError(403, "permission_error", text);
            case 404 -> new ApiError(404, "not_found_error", text);
            case 413 -> new ApiError(413, "request_too_large", text);
            case 429 -> new ApiError(429, "rate_limit_error", text);
            case 503, 529 -> new ApiError(529, "overloaded_error", text);
            case 504 -> new ApiError(504, "timeout_error", text);
            default -> status >= 500 ? new ApiError(status, "api_error", text)
                    : status >= 400 ? new ApiError(status, "invalid_request_error", text)
                    : new ApiError(502, "api_error", text + " (unexpected HTTP " + status + ")");
        };
    }

    private static boolean isContextOverflow(String message, String code) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return code.equals("context_length_exceeded") || m.contains("context length") || m.contains("context window")
                || m.contains("maximum context") || m.contains("too many tokens") || m.contains("prompt is too long");
    }

    private static String messageOf(JsonNode root) {
        JsonNode error = root.path("error");
        if (error.isString()) return error.asString();
        if (error.path("message").isString()) return error.path("message").asString();
        if (root.path("message").isString()) return root.path("message").asString();
        if (root.path("detail").isString()) return root.path("detail").asString();
        return error.isObject() ? Json.MAPPER.writeValueAsString(error) : "";
    }
}
