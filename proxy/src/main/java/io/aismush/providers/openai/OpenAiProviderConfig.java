package io.aismush.providers.openai;

import java.net.URI;
import java.util.Objects;

/**
 * One OpenAI-compatible upstream (OpenRouter, Ollama, LM Studio, llama.cpp, vLLM, LiteLLM, DeepSeek's Chat API).
 *
 * @param name            the provider's name in routes, records and thinking signatures
 * @param baseUrl         the OpenAI-style base including {@code /v1}, e.g. {@code http://127.0.0.1:11434/v1};
 *                        requests go to {@code baseUrl + "/chat/completions"}
 * @param apiKey          sent as {@code Authorization: Bearer <apiKey>}; {@code null} for servers without auth
 * @param model           the model to ask for when the route names none
 * @param contextWindow   the model's context window in tokens (for the stages that fit requests)
 * @param maxOutputTokens the cap on {@code max_tokens}; 0 or less means no cap
 */
public record OpenAiProviderConfig(String name, URI baseUrl, String apiKey, String model, int contextWindow, int maxOutputTokens) {

    public OpenAiProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
    }

    /** Where Chat Completions requests go. */
    public URI chatCompletionsUrl() {
        String base = baseUrl.toString();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return URI.create(base + "/chat/completions");
    }

    @Override
    public String toString() {
        // Never print the key.
        return "OpenAiProviderConfig[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", model=" + model + ", contextWindow=" + contextWindow + ", maxOutputTokens=" + maxOutputTokens + "]";
    }
}
