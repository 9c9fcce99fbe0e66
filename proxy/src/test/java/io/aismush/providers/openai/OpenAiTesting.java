package io.aismush.providers.openai;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.Route;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.wire.EventSource;
import io.aismush.wire.Headers;
import io.aismush.wire.RequestSummary;
import io.aismush.wire.SseEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers for driving an {@link OpenAiProvider} in tests. */
final class OpenAiTesting {
    private OpenAiTesting() {}

    /** Headers as Claude Code sends them, credentials included: none of them may reach a foreign provider. */
    static final Headers CLAUDE_CODE_HEADERS = Headers.of(
            "content-type", "application/json",
            "x-api-key", "sk-ant-secret-0123456789",
            "authorization", "Bearer sk-ant-oat-secret",
            "anthropic-version", "2023-06-01",
            "anthropic-beta", "claude-code-20250219,oauth-2025-04-20",
            "X-Claude-Code-Session-Id", "0f2c7a2e-5b0e-4c1e-9a8a-1d2e3f405060");

    static Exchange exchange(String json, String routedModel) {
        byte[] body = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        return exchange(body, routedModel);
    }

    static Exchange exchange(byte[] body, String routedModel) {
        return new Exchange("ams_test", "POST", "/v1/messages", "beta=true", CLAUDE_CODE_HEADERS, new RequestBody(body),
                RequestSummary.of(body), System.nanoTime()).withRoute(new Route("local", routedModel, "test", false));
    }

    static List<SseEvent> events(UpstreamResponse response) throws IOException {
        var events = new ArrayList<SseEvent>();
        try (response) {
            EventSource source = ((UpstreamResponse.EventStream) response.body()).events();
            for (SseEvent e = source.next(); e != null; e = source.next()) events.add(e);
        }
        return events;
    }

    static String text(UpstreamResponse response) throws IOException {
        try (response) {
            return new String(((UpstreamResponse.Bytes) response.body()).in().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
