package io.aismush.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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

    /** True for hop-by-hop and recomputed fields, given a lower-case name; every {@code proxy-*} field is one. */
    public static boolean isHopByHop(String lowerCaseName) {
        return NAMES.contains(lowerCaseName) || lowerCaseName.startsWith("proxy-");
    }

    /**
     * The lower-case field names a message's {@code Connection} header values list: those fields describe that one
     * connection too (RFC 9110 section 7.6.1), so they are not copied either.
     */
    public static Set<String> listedInConnection(List<String> connectionValues) {
        var names = new HashSet<String>();
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) names.add(name);
            }
        }
        return names;
    }

    /** Request fields not forwarded upstream: hop-by-hop ones, and accept-encoding so the answer stays readable. */
    public static boolean notForwardedUpstream(String lowerCaseName) {
        return isHopByHop(lowerCaseName) || lowerCaseName.equals("accept-encoding");
    }
}
