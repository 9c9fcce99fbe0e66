package io.aismush.faults;

import io.aismush.config.Config;
import io.aismush.config.ProviderSpec;
import io.aismush.config.RoutingSettings;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The provider a faulted turn is routed to, and how its healthy backup is wired: Claude (backed by DeepSeek), DeepSeek
 * through its Anthropic-compatible endpoint (backed by Claude), an OpenAI-compatible provider, translated (backed by
 * Claude).
 */
enum Provider {
    CLAUDE("anthropic", "deepseek", false),
    DEEPSEEK("deepseek", "anthropic", false),
    OPENAI("local", "anthropic", true);

    static final String DEEPSEEK_KEY = "sk-deepseek-" + "test-0000000000";

    final String name;
    final String backup;
    final boolean openAiWire;

    Provider(String name, String backup, boolean openAiWire) {
        this.name = name;
        this.backup = backup;
        this.openAiWire = openAiWire;
    }

    /** The proxy's config: this provider at {@code faulted}, its backup at {@code healthy}. */
    Config configure(Config c, URI faulted, URI healthy, Routing routing) {
        Config wired = switch (this) {
            case CLAUDE -> c.withAnthropicBaseUrl(faulted).withDeepseek(DEEPSEEK_KEY, healthy);
            case DEEPSEEK -> c.withAnthropicBaseUrl(healthy).withDeepseek(DEEPSEEK_KEY, faulted);
            case OPENAI -> c.withAnthropicBaseUrl(healthy).withRouting(RoutingSettings.defaults().withProviders(List.of(
                    new ProviderSpec(name, URI.create(faulted + "/v1"), "local-" + "test-key", "qwen3-coder:30b", 32_768, 8_192))));
        };
        return routing == Routing.FORCED ? wired.withForceProvider(name) : wired;
    }

    /** A turn the router sends to this provider: a first human message goes to Claude, a tool-loop step to the cheap one. */
    byte[] turn(Mode mode) {
        String stream = "\"stream\":" + mode.stream();
        String json = this == CLAUDE
                ? "{\"model\":\"claude-opus-5-5\",\"max_tokens\":1000," + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Plan the work.\"}]}"
                : "{\"model\":\"claude-opus-5-5\",\"max_tokens\":1000," + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Go.\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Read\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"x\"}]}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
