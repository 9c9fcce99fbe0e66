package io.aismush.faults;

import io.aismush.metering.RequestRecord.Outcome;

/** What a client must see for one fault, as the one error policy says. */
sealed interface Expect {
    /**
     * The fault shows before the first byte reaches the client: with a fallback, the other provider serves the turn;
     * without one, the client gets an Anthropic error JSON with this status and type, and the record says whether the
     * upstream answered with an error ({@code UPSTREAM_ERROR}) or the proxy made its own ({@code PROXY_ERROR}).
     */
    record Before(int status, String type, Outcome outcome) implements Expect {}

    /** The answer had started: 200, the events so far, then the proxy's own {@code event: error} (api_error). */
    record ErrorEventAfter() implements Expect {}

    /** The upstream's own {@code event: error} reaches the client unchanged. */
    record RelayedErrorEvent(String type) implements Expect {}

    /** A whole answer that had started cannot carry an error: its body is cut off (the connection aborts). */
    record CutBody() implements Expect {}

    /** The faulted provider's answer reaches the client whole, {@code text} included. */
    record Complete(String text) implements Expect {}

    /** Anthropic's upstream answers are relayed unchanged, even a body that is not what was asked for. */
    record RelayedUnchanged(String body) implements Expect {}

    /** The upstream never finishes: the client gives up on its own deadline, and the proxy cancels the upstream. */
    record ClientGivesUp() implements Expect {}

    /** The upstream's error answer, passed on or mapped to Anthropic's shape. */
    static Expect answered(int status, String type) {
        return new Before(status, type, Outcome.UPSTREAM_ERROR);
    }

    /** The proxy's own error: the upstream could not be reached, did not answer in time, or broke its answer. */
    static Expect proxyError(int status, String type) {
        return new Before(status, type, Outcome.PROXY_ERROR);
    }
}
