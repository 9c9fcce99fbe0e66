package io.aismush.dashboard;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard and admin endpoints answer only this machine's pages and people holding the install token. */
class DashboardSafetyTest {
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** A raw HTTP/1.1 exchange, so the test chooses the Host header; returns the status line and headers. */
    private String raw(String method, String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            var head = new StringBuilder();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) head.append(line).append('\n');
            return head.toString();
        }
    }

    private String token() throws Exception {
        return Files.readString(proxy.dataDir().resolve("token")).strip();
    }

    @Test
    void foreignHostIsRefusedOnAdminPathsButNotOnClientPaths() throws Exception {
        for (String path : new String[] {"/dashboard", "/stats", "/events", "/history", "/sessions", "/metrics", "/dashboard/app.js"}) {
            assertThat(raw("GET", path, "evil.example")).as(path).startsWith("HTTP/1.1 403");
            assertThat(raw("GET", path, "evil.example:" + proxy.server.port())).as(path).startsWith("HTTP/1.1 403");
        }
        assertThat(raw("GET", "/stats", "localhost:1")).as("loopback name, wrong port").startsWith("HTTP/1.1 403");
        assertThat(raw("GET", "/health", "evil.example")).startsWith("HTTP/1.1 200");
        for (String host : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
            assertThat(raw("GET", "/stats", host + ":" + proxy.server.port())).as(host).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aConfiguredHostMayReachTheDashboard() throws Exception {
        try (var teamProxy = io.aismush.testing.TestProxy.start(c -> c.withAllowedHosts(java.util.List.of("proxy.team.internal")))) {
            assertThat(RawGet.status(teamProxy.server.port(), "/dashboard", "proxy.team.internal")).isEqualTo(200);
            assertThat(RawGet.status(teamProxy.server.port(), "/dashboard", "evil.example")).isEqualTo(403);
        }
    }

    @Test
    void crossOriginPostIsRefusedEvenWithTheToken() throws Exception {
        var reset = HttpRequest.newBuilder(proxy.uri("/stats/reset")).POST(HttpRequest.BodyPublishers.noBody())
                .header("x-aismush-token", token());
        assertThat(proxy.send(reset.copy().header("origin", "http://evil.example").build()).statusCode()).isEqualTo(403);
        assertThat(proxy.send(reset.copy().header("origin", "null").build()).statusCode()).isEqualTo(403);
        assertThat(proxy.send(reset.copy().header("origin", "http://127.0.0.1:" + proxy.server.port()).build()).statusCode()).isEqualTo(200);
        assertThat(proxy.send(reset.build()).statusCode()).isEqualTo(200);
    }

    @Test
    void mutationsNeedTheRightToken() {
        for (String wrong : new String[] {null, "0123456789abcdef0123456789abcdef"}) {
            for (var b : Stream.of(
                    HttpRequest.newBuilder(proxy.uri("/stats/reset")).POST(HttpRequest.BodyPublishers.noBody()),
                    HttpRequest.newBuilder(proxy.uri("/memories/clear")).POST(HttpRequest.BodyPublishers.noBody()),
                    HttpRequest.newBuilder(proxy.uri("/memories/1")).DELETE()).toList()) {
                if (wrong != null) b.header("x-aismush-token", wrong);
                assertThat(proxy.send(b.build()).statusCode()).isEqualTo(403);
            }
        }
    }

    @Test
    void dashboardHasAStrictPolicyAndNoCorsHeaders() {
        for (String path : new String[] {"/dashboard", "/dashboard/app.js", "/dashboard/chart.umd.js", "/stats", "/health"}) {
            var r = proxy.send(HttpRequest.newBuilder(proxy.uri(path)).header("origin", "http://evil.example").GET().build());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().map().keySet()).as(path).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        }
        var page = proxy.get("/dashboard");
        String csp = page.headers().firstValue("content-security-policy").orElse("");
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'").doesNotContain("unsafe");
        assertThat(page.body()).doesNotContain("<script>", "style=", "{{token}}").contains("/dashboard/chart.umd.js");
    }

    @Test
    void eventsDeliverACompletedRequest() throws Exception {
        proxy.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn("claude-opus-5-5", "ok", new AnthropicSse.Tokens(10, 20, 0, 0, 0))));
        var response = proxy.client.send(HttpRequest.newBuilder(proxy.uri("/events")).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        var lines = response.body().iterator();
        assertThat(lines.next()).startsWith("retry:"); // the stream is open: the proxy now knows this client
        byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"s-events\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(proxy.send(proxy.messages(body).build()).statusCode()).isEqualTo(200);
        String data = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ")) return line;
            }
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertThat(data).contains("\"session_id\":\"s-events\"", "\"provider\":\"anthropic\"", "\"cost_usd\"");
    }
}
