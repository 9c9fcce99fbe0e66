package io.aismush.testing;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Reads a test proxy's {@code /stats} once the recorder has taken in the expected number of requests. */
public final class Stats {
    private Stats() {}

    public static JsonNode after(TestProxy proxy, long requests) {
        await().atMost(Duration.ofSeconds(3)).until(() -> proxy.server.liveStats().requests() >= requests);
        JsonNode stats = Json.MAPPER.readTree(proxy.get("/stats").body());
        if (stats.path("requests").asLong() != requests) {
            throw new AssertionError("expected " + requests + " recorded requests, /stats says " + stats);
        }
        return stats;
    }

    public static long outcome(JsonNode stats, String outcome) {
        return stats.path("by_outcome").path(outcome).asLong(0);
    }
}
