package io.aismush.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request exactly as a fake upstream received it.
 *
 * @param headers every header field in arrival order, names as sent
 */
public record ReceivedRequest(String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        for (var h : headers) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        return null;
    }

    public List<String> headerNames() {
        return headers.stream().map(Map.Entry::getKey).toList();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String pathAndQuery() {
        return query == null ? path : path + "?" + query;
    }
}
