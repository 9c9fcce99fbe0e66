package io.aismush.cli;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code aismush --status}: is an aismush running on the port, and what has it done so far. */
final class Status {
    private final PrintStream out;

    Status(PrintStream out) {
        this.out = out;
    }

    /** Exit code 0 when an aismush answers on the port, 1 otherwise. */
    int check(int port) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            JsonNode health = get(client, port, "/health");
            if (health == null || !"aismush".equals(health.path("service").asString(null))) {
                out.println("port " + port + " is held by another program, not aismush");
                return 1;
            }
            JsonNode stats = get(client, port, "/stats");
            out.printf("aismush %s is running on http://127.0.0.1:%d (up %ds, %d in flight)%n",
                    health.path("version").asString("?"), port, health.path("uptime_seconds").asLong(),
                    health.path("in_flight").asLong());
            if (stats != null) {
                JsonNode t = stats.path("tokens");
                out.printf("  requests %d, errors %d%n", stats.path("requests").asLong(), stats.path("errors").asLong());
                out.printf("  tokens: input %d, output %d, cache read %d, cache write %d%n", t.path("input").asLong(),
                        t.path("output").asLong(), t.path("cache_read").asLong(),
                        t.path("cache_write_5m").asLong() + t.path("cache_write_1h").asLong());
                printCosts(stats);
            }
            return 0;
        } catch (ConnectException e) {
            out.println("no aismush is running on port " + port);
            return 1;
        } catch (IOException e) {
            out.println("port " + port + " did not answer like aismush: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private void printCosts(JsonNode stats) {
        JsonNode now = stats.path("since_start");
        if (!now.isMissingNode()) {
            out.printf("  since start: cost $%.4f, all-Claude baseline $%.4f, saved $%.4f (%.1f%%)%n", now.path("cost_usd").asDouble(),
                    now.path("baseline_usd").asDouble(), now.path("savings_usd").asDouble(), now.path("savings_pct").asDouble());
        }
        JsonNode all = stats.path("totals");
        if (!all.isMissingNode()) {
            out.printf("  all time:    cost $%.4f, all-Claude baseline $%.4f, saved $%.4f (%.1f%%), cache hit %.1f%%%n", all.path("cost_usd").asDouble(),
                    all.path("baseline_usd").asDouble(), all.path("savings_usd").asDouble(), all.path("savings_pct").asDouble(),
                    all.path("cache_hit_rate").asDouble() * 100);
        }
        JsonNode storage = stats.path("storage");
        if (stats.path("records_lost").asLong() > 0 || !storage.path("last_error").isMissingNode() && !storage.path("last_error").isNull()) {
            out.printf("  storage: %s; %d record(s) lost, %d pending%s%n", storage.path("database").asString("?"), stats.path("records_lost").asLong(),
                    stats.path("records_pending").asLong(), storage.path("last_error").isString() ? "; last error: " + storage.path("last_error").asString() : "");
        }
    }

    private static JsonNode get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) return null;
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
