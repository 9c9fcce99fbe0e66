package io.aismush.wire;

import java.util.Set;

/**
 * Header fields that describe one connection rather than the message, plus those the proxy
 * must recompute itself. They are never copied from one side to the other.
 */
public final class HopByHop {
    private HopByHop() {}

    private static final Set<String> NAMES = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
            "http2-settings");

    /** True for hop-by-hop and recomputed fields, given a lower-case name. */
    public static boolean isHopByHop(String lowerCaseName) {
        return NAMES.contains(lowerCaseName);
    }

    /** Request fields not forwarded upstream: hop-by-hop ones, and accept-encoding so the answer stays readable. */
    public static boolean notForwardedUpstream(String lowerCaseName) {
        return isHopByHop(lowerCaseName) || lowerCaseName.equals("accept-encoding");
    }
}
