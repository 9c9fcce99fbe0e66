package io.aismush.context;

import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.Route;
import io.aismush.testing.Session;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import io.aismush.wire.RequestSummary;
import tools.jackson.databind.JsonNode;

/** Exchanges as the providers get them, for fitting tests. */
final class FitterExchanges {
    private FitterExchanges() {}

    static Exchange of(byte[] body, String provider) {
        return new Exchange("ams_test", "POST", "/v1/messages", "beta=true",
                Headers.of("content-type", "application/json", "x-claude-code-session-id", Session.SESSION_ID),
                new RequestBody(body), RequestSummary.of(body), System.nanoTime())
                .withRoute(new Route(provider, null, "test", false));
    }

    /** Whether every message of {@code before} but its newest is unchanged in {@code after} (the cacheable prefix). */
    static boolean extendsPrefix(byte[] before, byte[] after) {
        JsonNode a = Json.MAPPER.readTree(before).path("messages");
        JsonNode b = Json.MAPPER.readTree(after).path("messages");
        if (b.size() < a.size()) return false;
        for (int i = 0; i < a.size() - 1; i++) if (!a.get(i).equals(b.get(i))) return false;
        return true;
    }
}
