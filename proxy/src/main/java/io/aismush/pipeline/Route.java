package io.aismush.pipeline;

/**
 * Where one turn goes and why: decided by the routing stage, read by the providers.
 *
 * @param provider the provider's configured name ({@code anthropic}, {@code deepseek}, or a user-named one)
 * @param model    the model to ask that provider for; {@code null} keeps the client's model (pass-through)
 * @param reason   a short reason, kept in the request record and shown on the dashboard
 * @param fallback whether the providers may fall back to another provider when this one fails before answering
 */
public record Route(String provider, String model, String reason, boolean fallback) {

    /** The route of a request no routing stage looked at: Anthropic, as the client asked. */
    public static final Route PASS_THROUGH = new Route("anthropic", null, "pass-through", false);
}
