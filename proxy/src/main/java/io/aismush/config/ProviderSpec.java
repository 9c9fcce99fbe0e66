package io.aismush.config;

import tools.jackson.databind.JsonNode;

import java.net.URI;

/**
 * An OpenAI-compatible provider from config (OpenRouter, Ollama, LM Studio, llama.cpp, vLLM, LiteLLM, DeepSeek's
 * OpenAI endpoint).
 *
 * @param name            how routes, records and the dashboard call it
 * @param baseUrl         the OpenAI-style base, including {@code /v1} (requests go to {@code baseUrl/chat/completions})
 * @param apiKey          sent as {@code Authorization: Bearer}, or null for local servers
 * @param model           the model to ask for
 * @param contextWindow   the largest prompt it takes, in tokens
 * @param maxOutputTokens {@code max_tokens} is capped to this
 * @param prices          what it charges, as one price-table entry (USD per million tokens: {@code input},
 *                        {@code output}, {@code cache_read}, …), or null: a provider without prices costs nothing
 */
public record ProviderSpec(String name, URI baseUrl, String apiKey, String model, long contextWindow, int maxOutputTokens,
                           JsonNode prices) {

    /** A provider without prices (a local server). */
    public ProviderSpec(String name, URI baseUrl, String apiKey, String model, long contextWindow, int maxOutputTokens) {
        this(name, baseUrl, apiKey, model, contextWindow, maxOutputTokens, null);
    }

    @Override
    public String toString() {
        return "ProviderSpec[" + name + ", " + baseUrl + ", model=" + model + ", key=" + Config.mask(apiKey) + "]";
    }
}
