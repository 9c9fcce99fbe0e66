package io.aismush.cli;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/** The questions {@code aismush setup} asks for one provider, with its connection test and model choice. */
final class ProviderSteps {
    private final Prompter prompter;
    private final PrintStream out;

    ProviderSteps(Prompter prompter, PrintStream out) {
        this.prompter = prompter;
        this.out = out;
    }

    /** The DeepSeek key to save, or null. */
    String deepseek(URI checkBase) {
        String key = prompter.secret("DeepSeek API key: ");
        if (key == null || key.isBlank()) return null;
        KeyCheck.Outcome check = KeyCheck.check(checkBase, key.trim());
        out.println("  " + check.message());
        if (check.result() == KeyCheck.Result.REJECTED && !yes("  save it anyway? [y/N]: ")) return null;
        return key.trim();
    }

    ObjectNode openRouter(URI base) {
        String key = prompter.secret("OpenRouter API key: ");
        if (key == null || key.isBlank()) return null;
        return provider("openrouter", base, key.trim(), "qwen/qwen3-coder");
    }

    ObjectNode custom() {
        String url = prompter.line("Base URL, including /v1 (e.g. http://10.0.0.5:8000/v1): ");
        if (url == null || url.isBlank()) return null;
        URI base;
        try {
            base = URI.create(url.trim().replaceAll("/+$", ""));
            if (base.getScheme() == null || !base.getScheme().startsWith("http")) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            out.println("  not an http(s) URL: " + url.trim());
            return null;
        }
        String key = prompter.secret("API key (Enter for none): ");
        String name = prompter.line("Name for it [custom]: ");
        return provider(name == null || name.isBlank() ? "custom" : name.trim().toLowerCase(java.util.Locale.ROOT), base,
                key == null || key.isBlank() ? null : key.trim(), null);
    }

    ObjectNode local(LocalServers.Found found) {
        String model = chooseModel(found.models(), null);
        if (model == null) return null;
        return entry(found.candidate().name(), found.candidate().base(), null, model);
    }

    /** Tests the connection, lists its models, asks for one. */
    private ObjectNode provider(String name, URI base, String key, String suggested) {
        JsonNode list;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            list = LocalServers.get(client, URI.create(base + "/models"), key);
        }
        List<String> models = list == null ? List.of() : LocalServers.models(list);
        out.println(list == null ? "  connection test: " + base + "/models did not answer 200; keeping it anyway"
                : "  connection test: OK, " + models.size() + " models");
        String model = chooseModel(models, suggested);
        return model == null ? null : entry(name, base, key, model);
    }

    private String chooseModel(List<String> models, String suggested) {
        int shown = Math.min(models.size(), 20);
        for (int i = 0; i < shown; i++) out.printf("    %d) %s%n", i + 1, models.get(i));
        if (models.size() > shown) out.println("    … and " + (models.size() - shown) + " more (type a name)");
        String fallback = suggested != null ? suggested : models.isEmpty() ? null : models.getFirst();
        String answer = prompter.line("Model" + (fallback == null ? "" : " [" + fallback + "]") + ": ");
        if (answer == null || answer.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(answer.trim());
            if (n >= 1 && n <= shown) return models.get(n - 1);
        } catch (NumberFormatException e) {
            // a model name
        }
        return answer.trim();
    }

    private boolean yes(String question) {
        String a = prompter.line(question);
        return a != null && a.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    private static ObjectNode entry(String name, URI base, String key, String model) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("name", name).put("baseUrl", base.toString()).put("model", model);
        if (key != null) p.put("apiKey", key);
        return p;
    }
}
