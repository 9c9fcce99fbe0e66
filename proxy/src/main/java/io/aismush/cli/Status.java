package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.config.TeamMode;
import io.aismush.http.TeamGate;
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

    /** Exit code 0 when an aismush answers on the configured address and port, 1 otherwise. */
    int check(Config config) {
        int port = config.port();
        String address = TeamMode.localDialAddress(config.host());
        out.println("bind address: " + config.host() + ":" + port
                + (config.teamMode() ? " (team mode: every endpoint needs the access token)" : " (loopback only)"));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            var dial = new Dial(client, address, port, config.accessToken());
            if (dial.status("/health") == 401) {
                out.println("aismush on port " + port + " is in team mode and refused this machine's access token; set "
                        + io.aismush.config.Setting.ACCESS_TOKEN.envVar() + " to the proxy's token");
                return 1;
            }
            JsonNode health = dial.get("/health");
            if (health == null || !"aismush".equals(health.path("service").asString(null))) {
                out.println("port " + port + " is held by another program, not aismush");
                return 1;
            }
            JsonNode stats = dial.get("/stats");
            out.printf("aismush %s is running on http://%s:%d (up %ds, %d in flight)%n",
                    health.path("version").asString("?"), address, port, health.path("uptime_seconds").asLong(),
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

    /** Requests to the running proxy, with the access token when one is configured (team mode needs it). */
    private record Dial(HttpClient client, String address, int port, String token) {
        int status(String path) throws IOException, InterruptedException {
            return client.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = client.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) return null;
            try {
                return Json.MAPPER.readTree(response.body());
            } catch (RuntimeException e) {
                return null;
            }
        }

        private HttpRequest request(String path) {
            var b = HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + path)).timeout(Duration.ofSeconds(2));
            if (token != null) b.header(TeamGate.HEADER, token);
            return b.build();
        }
    }
}
