package io.aismush.pipeline;

import io.aismush.wire.Headers;
import io.aismush.wire.RequestSummary;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineTest {
    private static final Exchange EXCHANGE = new Exchange("ams_1", "POST", "/v1/messages", "beta=true", Headers.of("x-api-key", "k"),
            new RequestBody("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8)), new RequestSummary("m", true, null), 0L);

    private static UpstreamResponse response(String provider) {
        return new UpstreamResponse(provider, 200, Headers.of(), new UpstreamResponse.Bytes(new ByteArrayInputStream(new byte[0])));
    }

    /** Records its name on the way in and out. */
    record Recording(String name, List<String> log) implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
            log.add(name + ">");
            UpstreamResponse r = chain.proceed(exchange);
            log.add("<" + name);
            return r;
        }
    }

    static final class AddsHeader implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
            return chain.proceed(exchange.withHeaders(exchange.headers().with("x-added", "yes")));
        }
    }

    static final class RewritesBody implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
            return chain.proceed(exchange.withBody("{\"model\":\"rewritten\"}".getBytes(StandardCharsets.UTF_8),
                    new RequestSummary("rewritten", true, null)));
        }
    }

    static final class ProceedsTwice implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
            chain.proceed(exchange);
            return chain.proceed(exchange);
        }
    }

    static final class ReturnsNull implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
            chain.proceed(exchange);
            return null;
        }
    }

    static final class PassesNull implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
            return chain.proceed(null);
        }
    }

    static final class AnswersItself implements Stage {
        @Override
        public UpstreamResponse handle(Exchange exchange, Chain chain) {
            return response("local");
        }
    }

    @Test
    void stagesRunInOrderAroundTheTerminal() throws IOException {
        var log = new ArrayList<String>();
        var pipeline = new Pipeline(List.of(new Recording("a", log), new Recording("b", log), new Recording("c", log)), e -> {
            log.add("terminal");
            return response("fake");
        });
        assertThat(pipeline.execute(EXCHANGE).provider()).isEqualTo("fake");
        assertThat(log).containsExactly("a>", "b>", "c>", "terminal", "<c", "<b", "<a");
    }

    @Test
    void withNoStagesTheTerminalGetsTheClientsExchangeItself() throws IOException {
        var seen = new AtomicReference<Exchange>();
        new Pipeline(List.of(), e -> {
            seen.set(e);
            return response("fake");
        }).execute(EXCHANGE);
        assertThat(seen.get()).isSameAs(EXCHANGE);
    }

    @Test
    void aStageMayReplaceTheExchangeAndLaterStagesAndTheTerminalSeeTheNewValue() throws IOException {
        var seenByLast = new AtomicReference<Exchange>();
        var seenByTerminal = new AtomicReference<Exchange>();
        Stage last = (e, chain) -> {
            seenByLast.set(e);
            return chain.proceed(e);
        };
        new Pipeline(List.of(new AddsHeader(), new RewritesBody(), last), e -> {
            seenByTerminal.set(e);
            return response("fake");
        }).execute(EXCHANGE);

        Exchange got = seenByTerminal.get();
        assertThat(got).isSameAs(seenByLast.get());
        assertThat(got.headers().first("x-added")).hasValue("yes");
        assertThat(got.headers().first("x-api-key")).hasValue("k");
        assertThat(new String(got.body().bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"rewritten\"}");
        assertThat(got.summary().model()).isEqualTo("rewritten");
        assertThat(got.id()).isEqualTo(EXCHANGE.id());
        assertThat(got.pathAndQuery()).isEqualTo("/v1/messages?beta=true");
        // The client's exchange is untouched.
        assertThat(EXCHANGE.headers().first("x-added")).isEmpty();
        assertThat(new String(EXCHANGE.body().bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\"}");
    }

    @Test
    void aStageMayAnswerWithoutProceeding() throws IOException {
        var terminalCalled = new AtomicReference<Boolean>(false);
        var log = new ArrayList<String>();
        var r = new Pipeline(List.of(new Recording("a", log), new AnswersItself(), new Recording("never", log)), e -> {
            terminalCalled.set(true);
            return response("fake");
        }).execute(EXCHANGE);
        assertThat(r.provider()).isEqualTo("local");
        assertThat(terminalCalled.get()).isFalse();
        assertThat(log).containsExactly("a>", "<a");
    }

    @Test
    void aStageThatProceedsTwiceFailsNamingTheStage() {
        var calls = new ArrayList<String>();
        var pipeline = new Pipeline(List.of(new Recording("a", calls), new ProceedsTwice()), e -> {
            calls.add("terminal");
            return response("fake");
        });
        assertThatThrownBy(() -> pipeline.execute(EXCHANGE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ProceedsTwice").hasMessageContaining("more than once");
        assertThat(calls).containsExactly("a>", "terminal");
    }

    @Test
    void aStageThatReturnsNullIsNamedInTheError() {
        var pipeline = new Pipeline(List.of(new AddsHeader(), new ReturnsNull()), e -> response("fake"));
        assertThatThrownBy(() -> pipeline.execute(EXCHANGE)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ReturnsNull");
    }

    @Test
    void aStageThatPassesANullExchangeIsNamedInTheError() {
        var pipeline = new Pipeline(List.of(new AddsHeader(), new PassesNull()), e -> response("fake"));
        assertThatThrownBy(() -> pipeline.execute(EXCHANGE)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("PassesNull");
    }

    @Test
    void aTerminalThatReturnsNullIsReported() {
        var pipeline = new Pipeline(List.of(new AddsHeader()), e -> null);
        assertThatThrownBy(() -> pipeline.execute(EXCHANGE)).isInstanceOf(NullPointerException.class).hasMessageContaining("terminal");
    }

    @Test
    void thePipelineServesManyExchangesWithTheSameStages() throws IOException {
        var log = new ArrayList<String>();
        var pipeline = new Pipeline(List.of(new Recording("a", log)), e -> response("fake"));
        pipeline.execute(EXCHANGE);
        pipeline.execute(EXCHANGE);
        assertThat(log).containsExactly("a>", "<a", "a>", "<a");
    }

    @Test
    void theStageListIsCopied() throws IOException {
        var stages = new ArrayList<Stage>();
        var log = new ArrayList<String>();
        var pipeline = new Pipeline(stages, e -> response("fake"));
        stages.add(new Recording("late", log));
        pipeline.execute(EXCHANGE);
        assertThat(log).isEmpty();
    }
}
