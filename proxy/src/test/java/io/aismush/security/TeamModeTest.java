package io.aismush.security;

import io.aismush.app.AismushServer;
import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.config.TeamMode;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Team mode: the proxy bound to {@code 0.0.0.0} (every interface; the test connects over loopback, the rule is about
 * the configured bind address) answers nothing without the access token, and the token never leaves this hop.
 */
class TeamModeTest {
    static final String ACCESS = "team-" + "access-token-0123456789abcdef";
    private static final String CLIENT_KEY = "sk-ant-" + "test-team-client-key-0123456789";
    private static final String CLIENT_BEARER = "sk-ant-" + "test-team-bearer-abcdef012345";

    private final TestProxy proxy = TestProxy.start(c -> c.withHost("0.0.0.0").withAccessToken(ACCESS));

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** One request to every endpoint, the way its real caller sends it. */
    private List<HttpRequest.Builder> everyEndpoint() {
        byte[] messages = ClaudeCodeRequests.streamed(2_000);
        byte[] count = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] chat = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
        return List.of(
                proxy.messages(messages),
                json("/v1/messages/count_tokens", count).header("x-api-key", CLIENT_KEY).header("anthropic-version", "2023-06-01"),
                json("/v1/chat/completions", chat).header("authorization", "Bearer " + CLIENT_BEARER),
                get("/v1/models").header("x-api-key", CLIENT_KEY).header("anthropic-version", "2023-06-01"),
                get("/v1/models"),
                get("/health"), get("/"), HttpRequest.newBuilder(proxy.uri("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                get("/api/hello"), get("/dashboard"), get("/dashboard/app.js"), get("/dashboard/chart.umd.js"),
                get("/stats"), get("/history"), get("/sessions"), get("/metrics"), get("/memories"), get("/no-such-path"));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(proxy.uri(path)).timeout(Duration.ofSeconds(30)).GET();
    }

    private HttpRequest.Builder json(String path, byte[] body) {
        return HttpRequest.newBuilder(proxy.uri(path)).timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private String installToken() throws Exception {
        return Files.readString(proxy.dataDir().resolve("token")).strip();
    }

    @Test
    void everyEndpointWithoutTheAccessTokenAnswers401AndReachesNothing() throws Exception {
        var mutations = List.of(
                HttpRequest.newBuilder(proxy.uri("/stats/reset")).header("x-aismush-token", installToken()).POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(proxy.uri("/memories/clear")).header("authorization", "Bearer " + installToken()).POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(proxy.uri("/memories/1")).header("authorization", "Bearer " + installToken()).DELETE());
        for (String wrong : new String[] {null, "", "team-access-token-0123456789abcdeX", ACCESS.substring(0, 20), ACCESS + "0"}) {
            for (var b : java.util.stream.Stream.concat(everyEndpoint().stream(), mutations.stream()).toList()) {
                var request = b.copy();
                if (wrong != null) request.setHeader("x-aismush-token", wrong);
                HttpRequest built = request.build();
                var r = proxy.send(built);
                assertThat(r.statusCode()).as("%s %s with %s", built.method(), built.uri().getPath(), wrong).isEqualTo(401);
                if (!built.method().equals("HEAD")) {
                    assertThat(r.body()).as(built.uri().getPath())
                            .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                                    + "\"this aismush needs an access token (header x-aismush-token)\"}}");
                }
                assertThat(r.headers().firstValue("set-cookie")).isEmpty();
            }
        }
        var events = proxy.send(get("/events").build());
        assertThat(events.statusCode()).isEqualTo(401);
        assertThat(proxy.upstream.requests()).as("nothing reached the upstream").isEmpty();
    }

    @Test
    void everyEndpointWithTheAccessTokenWorksAndTheTokenNeverReachesTheUpstream() throws Exception {
        for (var b : everyEndpoint()) {
            HttpRequest built = b.header("x-aismush-token", ACCESS).build();
            var r = proxy.send(built);
            int expected = built.uri().getPath().equals("/no-such-path") ? 404 : 200;
            assertThat(r.statusCode()).as("%s %s: %s", built.method(), built.uri().getPath(), r.body()).isEqualTo(expected);
        }
        var events = proxy.client.send(get("/events").header("x-aismush-token", ACCESS).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body().findFirst()).hasValueSatisfying(line -> assertThat(line).startsWith("retry:"));

        // Mutations need the install token on top, as on loopback; Bearer carries it while the header carries access.
        var reset = HttpRequest.newBuilder(proxy.uri("/stats/reset")).header("x-aismush-token", ACCESS).POST(HttpRequest.BodyPublishers.noBody());
        assertThat(proxy.send(reset.copy().build()).statusCode()).isEqualTo(403);
        assertThat(proxy.send(reset.header("authorization", "Bearer " + installToken()).build()).statusCode()).isEqualTo(200);

        List<ReceivedRequest> seen = proxy.upstream.requests();
        assertThat(seen).extracting(ReceivedRequest::path).contains("/v1/messages", "/v1/messages/count_tokens");
        for (ReceivedRequest r : seen) {
            assertThat(r.header("x-aismush-token")).as(r.path()).isNull();
            for (Map.Entry<String, String> h : r.headers()) assertThat(h.getValue()).as(h.getKey()).doesNotContain(ACCESS);
            assertThat(r.bodyText()).doesNotContain(ACCESS);
        }
        // The client's own credentials pass through unchanged.
        assertThat(seen).filteredOn(r -> "beta=true".equals(r.query())).singleElement().satisfies(r ->
                assertThat(r.header("x-api-key")).isEqualTo("sk-ant-test-key-0123456789"));
        assertThat(seen).filteredOn(r -> r.path().equals("/v1/messages/count_tokens")).allSatisfy(r ->
                assertThat(r.header("x-api-key")).isEqualTo(CLIENT_KEY));
        assertThat(seen).anySatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + CLIENT_BEARER));
    }

    @Test
    void aDashboardLoginSetsAStrictHttpOnlyCookieThatAdmitsTheDashboardButNotTheApi() throws Exception {
        var login = proxy.send(get("/dashboard?token=" + ACCESS).build());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("location")).hasValue("/dashboard");
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith("aismush_access=").contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain(ACCESS);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        for (String path : new String[] {"/dashboard", "/dashboard/app.js", "/stats", "/history", "/sessions", "/metrics", "/memories"}) {
            assertThat(proxy.send(get(path).header("cookie", cookie).build()).statusCode()).as(path).isEqualTo(200);
        }
        var events = proxy.client.send(get("/events").header("cookie", cookie).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        events.body().close();
        // The page's own mutations: cookie for access, its header for the install token, same origin.
        var reset = HttpRequest.newBuilder(proxy.uri("/stats/reset")).header("cookie", cookie).header("x-aismush-token", installToken())
                .header("origin", "http://127.0.0.1:" + proxy.server.port()).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(proxy.send(reset).statusCode()).isEqualTo(200);

        assertThat(proxy.send(proxy.messages(ClaudeCodeRequests.streamed(1_000)).header("cookie", cookie).build()).statusCode())
                .as("the cookie is no client credential").isEqualTo(401);
        assertThat(proxy.send(get("/health").header("cookie", cookie).build()).statusCode()).isEqualTo(401);
        assertThat(proxy.send(get("/stats").header("cookie", "aismush_access=" + ACCESS).build()).statusCode())
                .as("the raw token is not the cookie").isEqualTo(401);
        assertThat(proxy.send(get("/dashboard?token=wrong-token-0123456789abcdef").build()).statusCode()).isEqualTo(401);
        assertThat(proxy.upstream.requests()).isEmpty();
    }

    @Test
    void inChromiumTheLoginLinkOpensALiveDashboardAndTheAddressBarKeepsNoToken() {
        try (var chromium = io.aismush.testing.Chromium.launch()) {
            var page = chromium.browser.newPage();
            var refused = page.navigate(proxy.uri("/dashboard").toString());
            assertThat(refused.status()).isEqualTo(401);
            page.navigate(proxy.uri("/dashboard?token=" + ACCESS).toString());
            assertThat(page.url()).isEqualTo(proxy.uri("/dashboard").toString());
            page.waitForSelector("body[data-ready=true]");
            page.waitForSelector("#live:not(.off)"); // the event stream is open: the cookie works for EventSource too
            assertThat(page.evaluate("() => document.cookie")).as("HttpOnly: the page's scripts cannot read it").isEqualTo("");
            int before = page.locator("#recent tbody tr").count();
            byte[] turn = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"s-team\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
            assertThat(proxy.send(proxy.messages(turn).header("x-aismush-token", ACCESS).build()).statusCode()).isEqualTo(200);
            page.waitForCondition(() -> page.locator("#recent tbody tr").count() > before);
            assertThat(page.textContent("#recent tbody tr:first-child")).contains("s-team");
        }
    }

    @Test
    void aForeignHostIsStillRefusedOnAdminPathsAndAConfiguredOneAccepted() throws Exception {
        try (var team = TestProxy.start(c -> c.withHost("0.0.0.0").withAccessToken(ACCESS).withAllowedHosts(List.of("proxy.team.internal")))) {
            int port = team.server.port();
            assertThat(RawGetWithToken.status(port, "/stats", "evil.example", ACCESS)).isEqualTo(403);
            assertThat(RawGetWithToken.status(port, "/stats", "proxy.team.internal", ACCESS)).isEqualTo(200);
            assertThat(RawGetWithToken.status(port, "/stats", "proxy.team.internal:" + port, ACCESS)).isEqualTo(200);
            assertThat(RawGetWithToken.status(port, "/stats", "proxy.team.internal", null)).isEqualTo(401);
            assertThat(RawGetWithToken.status(port, "/health", "evil.example", ACCESS)).as("client path").isEqualTo(200);
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutALongEnoughTokenIsRefusedAtStart() {
        Config base = Config.defaults(dataDir).withPort(0);
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10", "proxy.team.internal"}) {
            for (String token : new String[] {null, "", "fifteen-chars-x"}) {
                assertThatThrownBy(() -> new AismushServer(base.withHost(host).withAccessToken(token)).close())
                        .as("%s with %s", host, token).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("team mode").hasMessageContaining("AISMUSH_ACCESS_TOKEN").hasMessageContaining(host);
            }
        }
        assertThat(Files.exists(dataDir.resolve("proxy.db"))).as("refused before anything opened").isFalse();
    }

    @Test
    void loopbackAddressesAreNotTeamMode() {
        for (String h : new String[] {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"}) {
            assertThat(TeamMode.isLoopback(h)).as(h).isTrue();
            TeamMode.requireToken(h, null);
        }
        for (String h : new String[] {"0.0.0.0", "::", "10.0.0.5", "128.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io", "::2"}) {
            assertThat(TeamMode.isLoopback(h)).as(h).isFalse();
        }
        assertThat(TeamMode.localDialAddress("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(TeamMode.localDialAddress("::1")).isEqualTo("[::1]");
    }

    @Test
    void statusShowsTheBindAddressAndTeamModeAndUsesTheToken(@TempDir Path home) {
        var env = new java.util.HashMap<>(Map.of("AISMUSH_HOST", "0.0.0.0", "AISMUSH_ACCESS_TOKEN", ACCESS,
                "PROXY_PORT", String.valueOf(proxy.server.port()), "AISMUSH_HOME", home.toString()));
        assertThat(status(env, home)).startsWith("0:").contains("bind address: 0.0.0.0:" + proxy.server.port() + " (team mode")
                .contains("is running on http://127.0.0.1:" + proxy.server.port()).doesNotContain(ACCESS);
        env.put("AISMUSH_ACCESS_TOKEN", "another-token-0123456789abcdef");
        assertThat(status(env, home)).startsWith("1:").contains("refused this machine's access token");
    }

    @Test
    void theStatsAndMemoriesCommandsSendTheToken(@TempDir Path work) {
        var env = new java.util.HashMap<>(Map.of("AISMUSH_HOST", "0.0.0.0", "AISMUSH_ACCESS_TOKEN", ACCESS,
                "PROXY_PORT", String.valueOf(proxy.server.port()), "AISMUSH_HOME", proxy.dataDir().toString()));
        assertThat(run(env, work, "stats")).startsWith("0:").contains("127.0.0.1:" + proxy.server.port());
        assertThat(run(env, work, "memories")).startsWith("0:");
        assertThat(run(env, work, "memories", "clear")).startsWith("0:");
        env.put("AISMUSH_ACCESS_TOKEN", "another-token-0123456789abcdef");
        assertThat(run(env, work, "memories")).startsWith("1:").contains("access token");
        assertThat(run(env, work, "stats")).startsWith("1:").contains("401");
    }

    private static String status(Map<String, String> env, Path home) {
        return run(env, home, "--status");
    }

    private static String run(Map<String, String> env, Path dir, String... args) {
        var out = new java.io.ByteArrayOutputStream();
        var command = new io.aismush.cli.AismushCommand((c, l) -> 0, env, dir, dir,
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        int exit = command.commandLine().execute(args);
        return exit + ":" + out.toString(StandardCharsets.UTF_8);
    }

    /** A GET on a plain socket, so the test picks the Host header. */
    static final class RawGetWithToken {
        static int status(int port, String path, String host, String token) throws Exception {
            var r = io.aismush.testing.RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close"
                    + (token == null ? "" : "\r\nx-aismush-token: " + token), new byte[0]);
            return r.status();
        }
    }
}
