package io.aismush.security;

import io.aismush.testing.RawHttp;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Web pages the user happens to visit cannot use the proxy's admin endpoints: a DNS-rebound page (foreign {@code Host})
 * is refused on every admin path and method; a cross-origin page cannot change anything, not even with a "simple"
 * request a browser sends without asking; a same-origin request changes something only with the install token.
 * Client paths do not check the {@code Host}: clients reach the proxy by whatever name it has.
 */
class AdminEndpointsRefuseForeignPagesTest {
    private static final List<String> ADMIN_PATHS = List.of("/dashboard", "/dashboard/", "/dashboard/app.js", "/dashboard/app.css",
            "/dashboard/chart.umd.js", "/events", "/stats", "/stats/reset", "/history", "/sessions", "/metrics", "/memories",
            "/memories/clear", "/memories/1", "/no-such-admin-path");

    private final TestProxy proxy = TestProxy.start();
    private String token;
    private int port;

    @BeforeEach
    void read() throws Exception {
        token = Files.readString(proxy.dataDir().resolve("token")).strip();
        port = proxy.server.port();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private RawHttp.Response raw(String method, String path, String host, String body, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\nContent-Length: " + bytes.length
                + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers));
        return RawHttp.exchange(port, head, bytes);
    }

    private long memoryCount() {
        return Json.MAPPER.readTree(proxy.get("/memories").body()).path("memories").size();
    }

    /** The texts of the stored memories (extraction from the proxied turn may add its own beside the test's). */
    private List<String> memoryTexts() {
        var out = new java.util.ArrayList<String>();
        for (var m : Json.MAPPER.readTree(proxy.get("/memories?limit=500").body()).path("memories")) out.add(m.path("text").asString());
        return out;
    }

    /** Requests in the stored history, which {@code /stats/reset} deletes. */
    private long requestsCounted() {
        return Json.MAPPER.readTree(proxy.get("/history").body()).path("requests").size();
    }

    private long addMemory(String text) {
        var r = proxy.send(HttpRequest.newBuilder(proxy.uri("/memories")).header("content-type", "application/json").header("x-aismush-token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\",\"scope\":\"global\"}")).build());
        assertThat(r.statusCode()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body()).path("id").asLong();
    }

    @Test
    void aForeignHostIsRefusedOnEveryAdminPathWithEveryMethodEvenWithTheToken() {
        for (String host : new String[] {"evil.example", "evil.example:" + port, "127.0.0.1.evil.example:" + port, "localhost.evil.example",
                "localhost:" + (port + 1), "", "127.0.0.1:" + port + "@evil.example"}) {
            for (String method : new String[] {"GET", "HEAD", "POST", "DELETE", "PUT", "OPTIONS"}) {
                for (String path : ADMIN_PATHS) {
                    var r = raw(method, path, host, method.equals("POST") ? "{}" : "", "x-aismush-token: " + token, "Content-Type: application/json");
                    assertThat(r.status()).as("%s %s Host '%s'", method, path, host).isIn(400, 403);
                    assertThat(r.bodyText()).as("%s %s", method, path).doesNotContain(token, "\"memories\"", "\"requests\"", "<html");
                }
            }
        }
        long before = requestsCounted();
        assertThat(before).isZero();
        addMemory("still here");
        assertThat(memoryCount()).isEqualTo(1);
    }

    @Test
    void clientPathsAnswerWhateverTheHost() {
        String body = new String(ClaudeCodeRequests.streamed(1_000), StandardCharsets.UTF_8);
        for (String host : new String[] {"evil.example", "proxy.team.internal:8443"}) {
            assertThat(raw("GET", "/health", host, "").status()).isEqualTo(200);
            assertThat(raw("GET", "/", host, "").status()).isEqualTo(200);
            assertThat(raw("POST", "/v1/messages", host, body, "Content-Type: application/json", "x-api-key: sk-ant-test-any-host",
                    "anthropic-version: 2023-06-01").status()).isEqualTo(200);
        }
    }

    @Test
    void crossOriginMutationsAreRefusedWhateverTheContentTypeAndNothingChanges() {
        long kept = addMemory("kept across attacks");
        proxy.send(proxy.messages(ClaudeCodeRequests.streamed(1_000)).build());
        org.awaitility.Awaitility.await().until(() -> requestsCounted() == 1);
        String host = "127.0.0.1:" + port;
        var mutations = List.of(new String[] {"POST", "/stats/reset", ""}, new String[] {"POST", "/memories/clear", "{}"},
                new String[] {"POST", "/memories", "{\"text\":\"planted\",\"scope\":\"global\"}"}, new String[] {"DELETE", "/memories/" + kept, ""});
        for (String origin : new String[] {"http://evil.example", "null", "http://localhost:" + (port + 1), "https://127.0.0.1:" + port,
                "http://127.0.0.1:" + port + ".evil.example", "file://"}) {
            for (String[] m : mutations) {
                // The "simple" requests a page may send without a preflight: form encodings and text/plain.
                for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json"}) {
                    for (String tokenHeader : new String[] {"X-Nothing: 1", "x-aismush-token: " + token}) {
                        var r = raw(m[0], m[1], host, m[2], "Origin: " + origin, "Content-Type: " + type, tokenHeader);
                        assertThat(r.status()).as("%s %s from %s as %s", m[0], m[1], origin, type).isEqualTo(403);
                    }
                }
            }
        }
        // Same origin (or no page at all) without the token: still refused.
        for (String origin : new String[] {"Origin: http://127.0.0.1:" + port, "Origin: http://localhost:" + port, "X-No-Origin: 1"}) {
            for (String[] m : mutations) {
                for (String type : new String[] {"text/plain", "application/json"}) {
                    assertThat(raw(m[0], m[1], host, m[2], origin, "Content-Type: " + type).status()).as("%s %s %s", m[0], m[1], origin).isEqualTo(403);
                    assertThat(raw(m[0], m[1], host, m[2], origin, "Content-Type: " + type, "x-aismush-token: " + (token.charAt(0) == '0' ? '1' : '0') + token.substring(1)).status())
                            .as("wrong token").isEqualTo(403);
                }
            }
        }
        assertThat(memoryTexts()).as("nothing planted, nothing deleted").contains("kept across attacks").doesNotContain("planted");
        assertThat(requestsCounted()).as("stats not reset").isEqualTo(1);

        // Same origin with the token: each one works.
        String same = "Origin: http://localhost:" + port;
        assertThat(raw("POST", "/memories", host, "{\"text\":\"added\",\"scope\":\"global\"}", same, "Content-Type: application/json",
                "x-aismush-token: " + token).status()).isEqualTo(201);
        assertThat(raw("DELETE", "/memories/" + kept, host, "", same, "x-aismush-token: " + token).status()).isEqualTo(200);
        assertThat(memoryTexts()).contains("added").doesNotContain("kept across attacks");
        assertThat(raw("POST", "/stats/reset", host, "", same, "x-aismush-token: " + token).status()).isEqualTo(200);
        assertThat(raw("POST", "/memories/clear", host, "{}", "Content-Type: application/json", "Authorization: Bearer " + token).status())
                .as("no page at all (the CLI)").isEqualTo(200);
        assertThat(memoryTexts()).doesNotContain("added");
        assertThat(requestsCounted()).isZero();
    }

    @Test
    void noAdminAnswerCarriesCorsPermission() {
        for (String method : new String[] {"GET", "OPTIONS"}) {
            for (String path : ADMIN_PATHS) {
                if (path.equals("/events") && method.equals("GET")) continue; // a stream that stays open; its headers are checked elsewhere
                var r = raw(method, path, "127.0.0.1:" + port, "", "Origin: http://evil.example", "Access-Control-Request-Method: POST",
                        "Access-Control-Request-Headers: x-aismush-token");
                assertThat(r.headers()).as("%s %s", method, path).noneMatch(h -> h[0].toLowerCase().startsWith("access-control-"));
            }
        }
    }
}
