package io.aismush.testkit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A responder that validates like the real upstream: every {@code POST /v1/messages} the {@link Flavour} would refuse
 * is answered {@code 400 invalid_request_error} listing all violations, and remembered; every other request goes to
 * the script. It also remembers which tool_use ids the script issued right after a thinking block, so the adaptive
 * thinking rule can tell a stripped thinking block from a turn the model did not think in.
 *
 * <pre>{@code
 * var anthropic = StrictFake.strict(Flavour.ANTHROPIC, new ConversationScript(Flavour.ANTHROPIC, "claude-opus-5-5"));
 * fake.respondWith(anthropic);
 * ... drive the proxy ...
 * anthropic.assertNoRejections();
 * }</pre>
 * Thread-safe: a fake calls it from many request threads.
 */
public final class StrictFake implements Function<ReceivedRequest, Reply> {

    /** One request the fake refused, and why. */
    public record Rejection(ReceivedRequest request, List<String> violations) {
        @Override
        public String toString() {
            return request.method() + " " + request.pathAndQuery() + " rejected:\n  - " + String.join("\n  - ", violations);
        }
    }

    private final Flavour flavour;
    private final Function<ReceivedRequest, Reply> script;
    private final ConcurrentLinkedQueue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private final Set<String> thoughtBeforeToolUse = ConcurrentHashMap.newKeySet();

    private StrictFake(Flavour flavour, Function<ReceivedRequest, Reply> script) {
        this.flavour = flavour;
        this.script = script;
    }

    public static StrictFake strict(Flavour flavour, Function<ReceivedRequest, Reply> script) {
        return new StrictFake(flavour, script);
    }

    @Override
    public Reply apply(ReceivedRequest request) {
        if (request.method().equals("POST") && request.path().equals("/v1/messages")) {
            List<String> violations = validate(request.body());
            if (!violations.isEmpty()) {
                rejections.add(new Rejection(request, violations));
                return Reply.json(400, AnthropicSse.errorBody("invalid_request_error", String.join("; ", violations)));
            }
        }
        Reply reply = script.apply(request);
        thoughtBeforeToolUse.addAll(IssuedThinking.toolUseIdsAfterThinking(reply));
        return reply;
    }

    /** What this fake would say about a body, with what it has issued so far. */
    public List<String> validate(byte[] body) {
        JsonNode root;
        try {
            root = AnthropicSse.JSON.readTree(body);
        } catch (JacksonException e) {
            return List.of("body: not valid JSON (" + e.getOriginalMessage() + ")");
        }
        return MessagesValidator.validate(flavour, root, Set.copyOf(thoughtBeforeToolUse));
    }

    public Flavour flavour() {
        return flavour;
    }

    public List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /** Fails with every rejection and its reasons, so the test output says which rule the proxy broke. */
    public void assertNoRejections() {
        List<Rejection> all = rejections();
        if (all.isEmpty()) return;
        var message = new ArrayList<String>();
        message.add("the strict " + flavour + " fake rejected " + all.size() + " request(s):");
        all.forEach(r -> message.add(r.toString()));
        throw new AssertionError(String.join("\n", message));
    }
}
