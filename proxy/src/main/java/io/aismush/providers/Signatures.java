package io.aismush.providers;

/**
 * Marks thinking-block signatures with the provider that issued them, so a later turn routed elsewhere knows which
 * blocks its upstream will accept. Anthropic's own signatures are left as they are (a client's history from before
 * the proxy carries them unmarked); every other provider's signature is wrapped as {@code aismush.<provider>.<original>}
 * on the way to the client and unwrapped on the way back to that provider. Pure and deterministic, so rewritten
 * history stays byte-stable from turn to turn.
 */
public final class Signatures {
    private Signatures() {}

    private static final String PREFIX = "aismush.";

    /** The signature to show the client for a block issued by {@code provider}. */
    public static String mark(String provider, String original) {
        return PREFIX + provider + "." + (original == null ? "" : original);
    }

    /** The provider that issued a signature: the marked provider, or {@code anthropic} for an unmarked one. */
    public static String issuer(String signature) {
        if (signature == null || !signature.startsWith(PREFIX)) return "anthropic";
        int dot = signature.indexOf('.', PREFIX.length());
        return dot < 0 ? "unknown" : signature.substring(PREFIX.length(), dot);
    }

    /** The provider's own signature inside a marked one (the signature itself when unmarked). */
    public static String original(String signature) {
        if (signature == null || !signature.startsWith(PREFIX)) return signature;
        int dot = signature.indexOf('.', PREFIX.length());
        return dot < 0 ? "" : signature.substring(dot + 1);
    }
}
