package io.aismush.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks an OpenAI-style server whether a key works: {@code GET <base>/models} with the key as a bearer token, with
 * short timeouts. For DeepSeek the base is derived from the configured DeepSeek URL (its {@code /anthropic} suffix
 * removed), so tests that point DeepSeek at a fake check against the fake too.
 */
final class KeyCheck {
    /** How the check went. */
    enum Result { ACCEPTED, REJECTED, UNREACHABLE }

    /** The result, with a sentence for the person. */
    record Outcome(Result result, String message, String body) {}

    private KeyCheck() {}

    /** The {@code /models} base for DeepSeek from its Anthropic-compatible base URL. */
    static URI deepseekModelsBase(URI deepseekBaseUrl) {
        String s = deepseekBaseUrl.toString().replaceAll("/+$", "");
        if (s.endsWith("/anthropic")) s = s.substring(0, s.length() - "/anthropic".length());
        return URI.create(s);
    }

    static Outcome check(URI base, String key) {
        URI target = URI.create(base.toString().replaceAll("/+$", "") + "/models");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            var request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).header("accept", "application/json");
            if (key != null && !key.isBlank()) request.header("authorization", "Bearer " + key);
            HttpResponse<String> r = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                return new Outcome(Result.REJECTED, target.getHost() + " rejected the key (HTTP " + r.statusCode() + ")", r.body());
            }
            if (r.statusCode() / 100 != 2) {
                return new Outcome(Result.UNREACHABLE, target.getHost() + " answered HTTP " + r.statusCode() + " to " + target, r.body());
            }
            return new Outcome(Result.ACCEPTED, target.getHost() + " accepted the key", r.body());
        } catch (IOException e) {
            return new Outcome(Result.UNREACHABLE, "could not reach " + target + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Result.UNREACHABLE, "interrupted", "");
        }
    }
}
