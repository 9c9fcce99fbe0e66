package io.aismush.http;

import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.RawHttp;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.ReceivedRequest;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request and response headers cross the proxy, and which stop at it. */
class HeadersTest {
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** Headers a client sends that belong to the message: they must reach Anthropic exactly as sent. */
    private static final Map<String, String> END_TO_END = new LinkedHashMap<>();

    static {
        END_TO_END.put("x-api-key", "sk-ant-" + "api03-end-to-end-key-0123456789");
        END_TO_END.put("Authorization", "Bearer sk-ant-oat01-oauth-token-abcdef");
        END_TO_END.put("anthropic-version", "2023-06-01");
        END_TO_END.put("anthropic-beta", "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14");
        END_TO_END.put("anthropic-dangerous-direct-browser-access", "true");
        END_TO_END.put("X-Claude-Code-Session-Id", "0f2c7a2e-5b0e-4c1e-9a8a-1d2e3f405060");
        END_TO_END.put("x-claude-code-request-class", "subagent");
        END_TO_END.put("User-Agent", "claude-cli/2.1.330 (external, cli)");
        END_TO_END.put("x-app", "cli");
        END_TO_END.put("x-stainless-retry-count", "0");
    }

    /** Hop-by-hop headers, and accept-encoding: they describe the client's connection, not the request. */
    private static final Map<String, String> HOP_BY_HOP = new LinkedHashMap<>();

    static {
        HOP_BY_HOP.put("Connection", "close, Upgrade, HTTP2-Settings, TE, X-Hop-Only");
        HOP_BY_HOP.put("Keep-Alive", "timeout=5, max=100");
        HOP_BY_HOP.put("TE", "trailers");
        HOP_BY_HOP.put("Upgrade", "h2c");
        HOP_BY_HOP.put("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA");
        HOP_BY_HOP.put("X-Hop-Only", "named in Connection, so it ends at the proxy");
        HOP_BY_HOP.put("Proxy-Custom-Hint", "1");
        HOP_BY_HOP.put("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0");
        HOP_BY_HOP.put("Proxy-Connection", "keep-alive");
        HOP_BY_HOP.put("Accept-Encoding", "gzip, deflate, br, zstd");
    }

    @Test
    void endToEndHeadersArriveUnchangedAndHopByHopOnesDoNot() {
        byte[] body = ClaudeCodeRequests.streamed(8_000);
        var response = RawHttp.exchange(proxy.server.port(), head("POST /v1/messages?beta=true", body.length, false), body);
        assertThat(response.status()).as(response.bodyText() + response.headers().stream().map(h -> h[0] + "=" + h[1]).toList()).isEqualTo(200);

        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(5));
        END_TO_END.forEach((name, value) -> assertThat(got.header(name)).as(name).isEqualTo(value));
        HOP_BY_HOP.keySet().forEach(name -> assertThat(got.header(name)).as(name).isNull());
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.pathAndQuery()).isEqualTo("/v1/messages?beta=true");
        assertThat(got.header("host")).isEqualTo("127.0.0.1:" + proxy.upstream.port());
        assertThat(got.header("content-length")).isEqualTo(String.valueOf(body.length));
    }

    @Test
    void chunkedRequestIsForwardedWithItsLengthNotItsTransferEncoding() {
        byte[] body = ClaudeCodeRequests.streamed(20_000);
        var response = RawHttp.exchange(proxy.server.port(), head("POST /v1/messages?beta=true", -1, true), RawHttp.chunked(body, 4096));
        assertThat(response.status()).isEqualTo(200);

        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(5));
        assertThat(got.header("transfer-encoding")).isNull();
        assertThat(got.header("content-length")).isEqualTo(String.valueOf(body.length));
        assertThat(got.body()).isEqualTo(body);
        END_TO_END.forEach((name, value) -> assertThat(got.header(name)).as(name).isEqualTo(value));
    }

    @Test
    void repeatedHeaderValuesAreAllForwarded() {
        byte[] body = ClaudeCodeRequests.streamed(4_000);
        String head = "POST /v1/messages?beta=true HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "anthropic-beta: a-2025-01-01\r\nanthropic-beta: b-2025-02-02\r\nContent-Length: " + body.length;
        assertThat(RawHttp.exchange(proxy.server.port(), head, body).status()).isEqualTo(200);
        ReceivedRequest got = proxy.upstream.takeRequest(Duration.ofSeconds(5));
        List<String> betas = got.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("anthropic-beta")).map(Map.Entry::getValue).toList();
        assertThat(String.join(",", betas)).isEqualTo("a-2025-01-01,b-2025-02-02");
    }

    @Test
    void queryStringIsKept() {
        proxy.send(proxy.messages(ClaudeCodeRequests.streamed(4_000)).build());
        assertThat(proxy.upstream.takeRequest(Duration.ofSeconds(5)).pathAndQuery()).isEqualTo("/v1/messages?beta=true");
    }

    @Test
    void upstreamResponseHeadersReachTheClient() {
        var headers = new LinkedHashMap<>(Reply.sseHeaders());
        headers.put("request-id", "req_011CUpstreamHeaders");
        headers.put("anthropic-ratelimit-requests-limit", "4000");
        headers.put("anthropic-ratelimit-requests-remaining", "3999");
        headers.put("anthropic-ratelimit-requests-reset", "2026-11-23T00:00:01Z");
        headers.put("anthropic-ratelimit-tokens-limit", "2000000");
        headers.put("anthropic-ratelimit-input-tokens-remaining", "1999000");
        headers.put("anthropic-ratelimit-output-tokens-reset", "2026-11-23T00:00:02Z");
        headers.put("retry-after", "7");
        headers.put("anthropic-organization-id", "org-fake");
        var turn = AnthropicSse.textTurn(FakeUpstream.DEFAULT_MODEL, "hi", AnthropicSse.Tokens.SMALL);
        proxy.upstream.enqueue(new Reply.Stream(200, headers, turn, Duration.ZERO, Duration.ZERO, null, -1));

        var response = proxy.send(proxy.messages(ClaudeCodeRequests.streamed(4_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        headers.forEach((name, value) -> assertThat(response.headers().firstValue(name)).as(name).hasValue(value));
        assertThat(response.body()).isEqualTo(String.join("", turn));
    }

    @Test
    void upstreamResponseHeadersOfAPlainAnswerReachTheClient() {
        var headers = Map.of("content-type", "application/json", "request-id", "req_plain", "anthropic-ratelimit-tokens-remaining", "12345",
                "retry-after", "3");
        String body = AnthropicSse.message(FakeUpstream.DEFAULT_MODEL, "plain", AnthropicSse.Tokens.SMALL);
        proxy.upstream.enqueue(new Reply.Json(200, headers, body));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.plain(4_000)).build());
        headers.forEach((name, value) -> assertThat(response.headers().firstValue(name)).as(name).hasValue(value));
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void upstreamHopByHopHeadersStopAtTheProxy() {
        var headers = Map.of("content-type", "application/json", "request-id", "req_hop", "connection", "X-Upstream-Hop",
                "x-upstream-hop", "1", "keep-alive", "timeout=60", "proxy-status", "fake-gateway");
        proxy.upstream.enqueue(new Reply.Json(200, headers, AnthropicSse.message(FakeUpstream.DEFAULT_MODEL, "x", AnthropicSse.Tokens.SMALL)));
        var response = proxy.send(proxy.messages(ClaudeCodeRequests.plain(4_000)).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).hasValue("req_hop");
        for (String name : List.of("x-upstream-hop", "keep-alive", "proxy-status")) {
            assertThat(response.headers().firstValue(name)).as(name).isEmpty();
        }
    }

    private static String head(String requestLine, int contentLength, boolean chunked) {
        var sb = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: localhost:1849\r\nContent-Type: application/json");
        END_TO_END.forEach((name, value) -> sb.append("\r\n").append(name).append(": ").append(value));
        HOP_BY_HOP.forEach((name, value) -> sb.append("\r\n").append(name).append(": ").append(value));
        if (chunked) sb.append("\r\nTransfer-Encoding: chunked");
        else sb.append("\r\nContent-Length: ").append(contentLength);
        return sb.toString();
    }

    @Test
    void hopByHopListCoversWhatTheProtocolNames() {
        for (String name : List.of("connection", "keep-alive", "te", "upgrade", "proxy-authorization", "proxy-connection",
                "proxy-authenticate", "transfer-encoding", "host", "content-length")) {
            assertThat(io.aismush.wire.HopByHop.isHopByHop(name.toLowerCase(Locale.ROOT))).as(name).isTrue();
        }
        assertThat(io.aismush.wire.HopByHop.notForwardedUpstream("accept-encoding")).isTrue();
        for (String name : List.of("x-api-key", "authorization", "anthropic-beta", "anthropic-version", "x-claude-code-session-id")) {
            assertThat(io.aismush.wire.HopByHop.notForwardedUpstream(name)).as(name).isFalse();
        }
    }
}
