package io.aismush.cli;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Finds model servers on this machine by asking the usual loopback ports for their model lists (short timeouts). */
final class LocalServers {
    /** A server kind and where it usually listens; {@code tagsPath} is Ollama's own model list. */
    record Candidate(String name, String label, int port, boolean ollama) {
        URI base() {
            return URI.create("http://127.0.0.1:" + port + "/v1");
        }
    }

    /** A server that answered, with the models it offers. */
    record Found(Candidate candidate, List<String> models) {}

    static final List<Candidate> USUAL = List.of(
            new Candidate("ollama", "Ollama", 11434, true),
            new Candidate("lmstudio", "LM Studio", 1234, false),
            new Candidate("llamacpp", "llama.cpp server", 8080, false),
            new Candidate("vllm", "vLLM", 8000, false));

    private LocalServers() {}

    static List<Found> probe(List<Candidate> candidates) {
        var found = new ArrayList<Found>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(300)).build()) {
            for (Candidate c : candidates) {
                String path = c.ollama() ? "http://127.0.0.1:" + c.port() + "/api/tags" : c.base() + "/models";
                JsonNode body = get(client, URI.create(path), null);
                if (body != null) found.add(new Found(c, models(body)));
            }
        }
        return found;
    }

    /** Model ids from an OpenAI list ({@code data[].id}) or Ollama's tags ({@code models[].name}). */
    static List<String> models(JsonNode body) {
        var out = new ArrayList<String>();
        for (JsonNode m : body.path("data")) if (m.path("id").isString()) out.add(m.path("id").asString());
        for (JsonNode m : body.path("models")) if (m.path("name").isString()) out.add(m.path("name").asString());
        return out;
    }

    /** The JSON of a 200 answer, or null. */
    static JsonNode get(HttpClient client, URI uri, String key) {
        try {
            var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2));
            if (key != null) request.header("authorization", "Bearer " + key);
            HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
