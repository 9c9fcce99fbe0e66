package io.aismush.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testing.Configs;
import io.aismush.testing.RawHttp;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys and auth headers never reach a log line, whatever path a request takes, even at DEBUG. */
class LogsNeverContainKeysTest {
    private static final String API_KEY = "sk-ant-" + "api03-NEVERLOGGED-apikey-0123456789";
    private static final String BEARER = "sk-ant-oat01-NEVERLOGGED-bearer-abcdef";
    private static final String DEEPSEEK = "sk-NEVERLOGGED-deepseek-0123456789abcdef";
    /** Distinctive pieces: a log that quotes any of them, even cut short, fails the test. */
    private static final List<String> SECRETS = List.of(API_KEY, BEARER, DEEPSEEK, "NEVERLOGGED", "apikey-0123456789",
            "bearer-abcdef", "deepseek-0123456789abcdef");

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Level> savedLevels = new ArrayList<>();
    private final List<String> loggerNames = List.of("io.aismush", "aismush.requests", "org.eclipse.jetty");
    private final List<TestProxy> proxies = new ArrayList<>();

    @BeforeEach
    void captureEverything() {
        appender.setContext(context);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        for (String name : loggerNames) {
            Logger logger = context.getLogger(name);
            savedLevels.add(logger.getLevel());
            logger.setLevel(name.startsWith("org.eclipse") ? Level.INFO : Level.DEBUG);
        }
    }

    @AfterEach
    void restore() {
        proxies.forEach(TestProxy::close);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        for (int i = 0; i < loggerNames.size(); i++) context.getLogger(loggerNames.get(i)).setLevel(savedLevels.get(i));
    }

    private TestProxy start(UnaryOperator<io.aismush.config.Config> adjust) {
        UnaryOperator<io.aismush.config.Config> withKey = c -> Configs.deepseekOnTheFake(DEEPSEEK).apply(adjust.apply(c));
        TestProxy proxy = TestProxy.start(withKey);
        proxies.add(proxy);
        return proxy;
    }

    private static HttpRequest.Builder withKeys(TestProxy proxy, byte[] body) {
        return proxy.messages(body).setHeader("x-api-key", API_KEY).header("Authorization", "Bearer " + BEARER);
    }

    @Test
    void noLogLineContainsAKeyOnAnyPath() {
        TestProxy proxy = start(c -> Configs.timeouts(Duration.ofMillis(400), Duration.ofMillis(400))
                .apply(Configs.maxBodyBytes(20_000).apply(c)));
        var turn = AnthropicSse.textTurn("claude-opus-5-5", "fine", AnthropicSse.Tokens.SMALL);

        // Routing may send a turn to DeepSeek (the same fake) and fall back to Anthropic; every path is taken either way.
        assertThat(proxy.send(withKeys(proxy, ClaudeCodeRequests.streamed(5_000)).build()).statusCode()).isEqualTo(200);
        assertThat(proxy.send(withKeys(proxy, ClaudeCodeRequests.plain(5_000)).build()).statusCode()).isEqualTo(200);
        // Bad input, with a key inside the body too.
        String badJson = "{\"model\":\"" + API_KEY + "\", " + BEARER + "}";
        assertThat(proxy.send(withKeys(proxy, badJson.getBytes(StandardCharsets.UTF_8)).build()).statusCode()).isEqualTo(400);
        assertThat(proxy.send(withKeys(proxy, ClaudeCodeRequests.streamed(40_000)).build()).statusCode()).isEqualTo(413);
        // Upstream errors relayed, a cut stream, an error event, a silent upstream, no answer at all, garbage.
        for (Reply reply : List.<Reply>of(Reply.rateLimited(5), Reply.overloaded(), Reply.serverError(), Reply.cutMidStream(turn, 3),
                Reply.errorEventMidStream(turn, 2), Reply.stream(turn).withGap(Duration.ofSeconds(3)), Reply.neverAnswers(),
                Reply.garbageSse())) {
            proxy.upstream.enqueue(reply);
            assertThat(proxy.send(withKeys(proxy, ClaudeCodeRequests.streamed(5_000)).build()).statusCode()).isBetween(200, 599);
        }
        // Header values Jetty accepts but the upstream client may refuse (obs-text), and a key in the query string.
        for (String odd : new String[] {"\u00ff", "\u0080", "\t"}) {
            var response = RawHttp.exchange(proxy.server.port(), "POST /v1/messages?key=" + API_KEY + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\nContent-Type: application/json\r\nx-api-key: " + API_KEY + odd + "x\r\n"
                    + "Authorization: Bearer " + BEARER + odd + "\r\nContent-Length: 2", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).isBetween(200, 599);
        }
        // No upstream is reachable.
        TestProxy refused = start(c -> c.withAnthropicBaseUrl(URI.create("http://127.0.0.1:" + FakeUpstream.refusingPort())));
        assertThat(refused.send(withKeys(refused, ClaudeCodeRequests.streamed(5_000)).build()).statusCode()).isEqualTo(502);
        assertThat(proxy.upstream.requests()).as("DeepSeek's turns reached the fake with its key")
                .anySatisfy(r -> assertThat(String.valueOf(r.header("x-api-key")) + r.header("authorization")).contains(DEEPSEEK));

        for (TestProxy p : proxies) {
            assertThat(p.get("/stats").body()).doesNotContain("NEVERLOGGED");
            assertThat(p.get("/health").body()).doesNotContain("NEVERLOGGED");
        }
        proxies.forEach(TestProxy::close); // drains the recorders, so every request line is in
        proxies.clear();

        assertThat(appender.list).as("log lines captured").isNotEmpty();
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getLoggerName()).isEqualTo("aismush.requests"));
        for (ILoggingEvent event : appender.list) {
            String line = render(event);
            for (String secret : SECRETS) assertThat(line).as("log line from %s", event.getLoggerName()).doesNotContain(secret);
        }
    }

    /** The message with its arguments, the MDC and every cause's class and message: all a log file would hold. */
    private static String render(ILoggingEvent event) {
        var sb = new StringBuilder(event.getFormattedMessage()).append(' ').append(event.getMDCPropertyMap());
        if (event.getArgumentArray() != null) for (Object a : event.getArgumentArray()) sb.append(' ').append(a);
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            for (var s : t.getStackTraceElementProxyArray()) sb.append(' ').append(s.getSTEAsString());
        }
        return sb.toString();
    }
}
