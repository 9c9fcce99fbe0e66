package io.aismush.http.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models} for OpenAI-format clients (they send neither {@code anthropic-version} nor {@code x-api-key}):
 * the models they can
 * name in {@code /v1/chat/completions}, in OpenAI's list shape. Anthropic clients keep getting Anthropic's own list,
 * passed through.
 */
public final class ModelList {
    private ModelList() {}

    /** True when the request is an OpenAI-format client asking for the model list. */
    public static boolean wanted(String method, String path, String anthropicVersion, String anthropicKey) {
        return method.equals("GET") && path.equals("/v1/models") && anthropicVersion == null && anthropicKey == null;
    }

    /** The list body, one entry per model id (duplicates dropped, order kept). */
    public static Map<String, Object> of(List<String> models) {
        var data = new ArrayList<Map<String, Object>>();
        for (String id : new java.util.LinkedHashSet<>(models)) {
            var m = new LinkedHashMap<String, Object>();
            m.put("id", id);
            m.put("object", "model");
            m.put("created", 0);
            m.put("owned_by", id.startsWith("claude") ? "anthropic" : id.startsWith("deepseek") ? "deepseek" : "aismush");
            data.add(m);
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("object", "list");
        out.put("data", data);
        return out;
    }
}
