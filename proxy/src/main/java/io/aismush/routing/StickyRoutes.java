package io.aismush.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps one conversation from flip-flopping between providers: each switch costs the prompt cache its warmth.
 * Within a tool loop, a soft decision to switch is deferred until the conversation has spent
 * {@code minDwellSteps} steps on its current provider; hard decisions always win. Remembers the most recent
 * conversations only (bounded). Thread-safe.
 */
public final class StickyRoutes {
    private static final int MAX_CONVERSATIONS = 10_000;

    private record State(String provider, int steps) {}

    private final int minDwellSteps;
    private final Map<String, State> states = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    public StickyRoutes(int minDwellSteps) {
        this.minDwellSteps = minDwellSteps;
    }

    /**
     * Applies stickiness to a decision for the conversation {@code key} (null: no memory) and records the outcome.
     *
     * @param inToolLoop the turn continues a tool loop (the client sent tool results, not new human text)
     */
    public synchronized Decision apply(String key, Decision decision, boolean inToolLoop) {
        if (key == null) return decision;
        State state = states.get(key);
        Decision result = decision;
        if (state != null && decision.soft() && inToolLoop && !state.provider.equals(decision.provider())
                && state.steps < minDwellSteps) {
            result = new Decision(state.provider, null, decision.reason() + "; sticky: stays on " + state.provider, true);
        }
        int steps = state != null && state.provider.equals(result.provider()) ? state.steps + 1 : 1;
        states.put(key, new State(result.provider(), steps));
        return result;
    }
}
