package io.aismush.context;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules a trimmed request must keep before it is sent (the ones upstreams enforce, PROTOCOL.md §1): the first
 * turn is the user's, user and assistant alternate ({@code role:"system"} messages aside), every tool_use is answered
 * in the next message and every tool_result answers the previous one, no message is empty. Pure.
 */
final class FitCheck {
    private FitCheck() {}

    /** Every rule the request breaks; empty when it may be sent. */
    static List<String> violations(JsonNode request) {
        var out = new ArrayList<String>();
        JsonNode messages = request.path("messages");
        String previous = null;
        Set<String> open = Set.of();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = Trimmer.role(m);
            if (role.equals("system")) continue;
            JsonNode content = m.path("content");
            if ((content.isString() && content.asString().isBlank()) || (content.isArray() && content.isEmpty())) {
                if (i != messages.size() - 1) out.add("messages." + i + ": empty content");
            }
            if (previous == null && !role.equals("user")) out.add("messages." + i + ": the first turn must be the user's");
            if (role.equals(previous)) out.add("messages." + i + ": two " + role + " messages in a row");
            Set<String> results = ids(content, "tool_result", "tool_use_id");
            if (!results.equals(open) && !(open.isEmpty() && results.isEmpty())) {
                if (!results.containsAll(open)) out.add("messages." + i + ": tool_use without its tool_result: " + diff(open, results));
                if (!open.containsAll(results)) out.add("messages." + i + ": tool_result without its tool_use: " + diff(results, open));
            }
            open = role.equals("assistant") ? ids(content, "tool_use", "id") : Set.of();
            previous = role;
        }
        return out;
    }

    private static Set<String> ids(JsonNode content, String type, String field) {
        var out = new HashSet<String>();
        for (JsonNode b : content) if (type.equals(b.path("type").asString(""))) out.add(b.path(field).asString(""));
        return out;
    }

    private static Set<String> diff(Set<String> a, Set<String> b) {
        var d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
