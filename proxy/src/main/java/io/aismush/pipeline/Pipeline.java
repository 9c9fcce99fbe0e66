package io.aismush.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of stages ending in a terminal upstream call. Assembled once, at start-up, in one place;
 * thread-safe.
 */
public final class Pipeline {
    private final List<Stage> stages;
    private final Terminal terminal;

    public Pipeline(List<Stage> stages, Terminal terminal) {
        this.stages = List.copyOf(stages);
        this.terminal = Objects.requireNonNull(terminal);
    }

    /** Runs the exchange through every stage and the terminal. The caller owns (and must close) the response. */
    public UpstreamResponse execute(Exchange exchange) throws IOException {
        return new Cursor(0).proceed(exchange);
    }

    /** An immutable position in the chain that enforces "proceed exactly once" and names the stage that broke it. */
    private final class Cursor implements Chain {
        private final int index;
        private boolean called;

        Cursor(int index) {
            this.index = index;
        }

        @Override
        public UpstreamResponse proceed(Exchange exchange) throws IOException {
            if (called) throw new IllegalStateException(name(index - 1) + " called proceed() more than once");
            called = true;
            Objects.requireNonNull(exchange, () -> name(index - 1) + " passed a null exchange");
            if (index == stages.size()) {
                return Objects.requireNonNull(terminal.call(exchange), "the terminal returned no response");
            }
            Stage stage = stages.get(index);
            UpstreamResponse response = stage.handle(exchange, new Cursor(index + 1));
            return Objects.requireNonNull(response, () -> name(index) + " returned no response");
        }

        private String name(int i) {
            return i < 0 ? "the pipeline" : "stage " + stages.get(i).getClass().getSimpleName();
        }
    }
}
