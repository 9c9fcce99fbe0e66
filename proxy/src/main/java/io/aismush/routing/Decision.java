package io.aismush.routing;

/**
 * The router's choice for one turn.
 *
 * @param provider the provider's normalised name
 * @param model    the model to ask for, or null for the provider's default (or, for Anthropic, the client's)
 * @param reason   why, in a few words
 * @param soft     a preference that stickiness may override; hard decisions (a rule demands them) never are
 */
public record Decision(String provider, String model, String reason, boolean soft) {

    static Decision hard(String provider, String reason) {
        return new Decision(provider, null, reason, false);
    }

    static Decision soft(String provider, String reason) {
        return new Decision(provider, null, reason, true);
    }
}
