package io.aismush.cli;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The CLI's calls to a running proxy on loopback. */
final class Http {
    private Http() {}

    /**
     * GETs a JSON endpoint of the proxy on {@code port}, with the access token when one is configured (or null).
     *
     * @throws java.net.ConnectException when nothing listens there
     * @throws IOException when the answer is not a 200 with JSON
     */
    static JsonNode getJson(int port, String path, String accessToken) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
            if (accessToken != null) request.header(io.aismush.http.TeamGate.HEADER, accessToken); // team mode needs it
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) throw new IOException(path + " answered " + response.statusCode());
            try {
                return Json.MAPPER.readTree(response.body());
            } catch (RuntimeException e) {
                throw new IOException(path + " did not answer JSON");
            }
        }
    }
}
