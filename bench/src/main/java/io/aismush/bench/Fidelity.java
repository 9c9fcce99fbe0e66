package io.aismush.bench;

import io.aismush.testkit.ReceivedRequest;
import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Describes what a proxy did to a request on its way upstream: body bytes, JSON fields, header names. */
final class Fidelity {
    private Fidelity() {}

    /** Request headers the client sends (names in lower case), to tell which ones a proxy dropped. */
    static final Set<String> CLIENT_HEADERS = Set.of("content-type", "anthropic-version", "anthropic-beta", "x-api-key", "user-agent");

    static String describe(byte[] sent, ReceivedRequest got) {
        var parts = new ArrayList<String>();
        if (Arrays.equals(sent, got.body())) {
            parts.add("body byte for byte unchanged");
        } else {
            parts.add("body changed (" + sent.length + " → " + got.body().length + " bytes; " + jsonDifference(sent, got.body()) + ")");
        }
        Set<String> names = new TreeSet<>();
        for (String n : got.headerNames()) names.add(n.toLowerCase(java.util.Locale.ROOT));
        var dropped = CLIENT_HEADERS.stream().filter(h -> !names.contains(h)).sorted().toList();
        if (!dropped.isEmpty()) parts.add("client headers not passed on: " + String.join(", ", dropped));
        String key = got.header("x-api-key");
        if (key != null && !key.startsWith("sk-ant-bench-")) parts.add("x-api-key replaced by the one in its config");
        if (key == null && got.header("authorization") != null) parts.add("sends an authorization header instead of x-api-key");
        return String.join("; ", parts);
    }

    /** Which top-level fields differ, and whether only formatting (same JSON value) changed. */
    private static String jsonDifference(byte[] a, byte[] b) {
        try {
            JsonNode x = Json.MAPPER.readTree(a), y = Json.MAPPER.readTree(b);
            if (x.equals(y)) return "same JSON, re-serialised";
            Set<String> fields = new LinkedHashSet<>();
            x.propertyNames().forEach(fields::add);
            y.propertyNames().forEach(fields::add);
            List<String> changed = new ArrayList<>();
            for (String f : fields) {
                JsonNode u = x.get(f), v = y.get(f);
                if (u == null) changed.add("+" + f);
                else if (v == null) changed.add("-" + f);
                else if (!u.equals(v)) changed.add(f);
            }
            return "JSON fields changed: " + String.join(", ", changed);
        } catch (RuntimeException e) {
            return "not comparable as JSON: " + e.getClass().getSimpleName();
        }
    }
}
