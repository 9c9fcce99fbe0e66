package io.aismush.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * What the bind address means: loopback ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) keeps the proxy on this
 * machine; anything else is team mode, where every endpoint needs the access token. Pure functions, no DNS lookups:
 * a name other than {@code localhost} counts as reachable from the network.
 */
public final class TeamMode {
    /** The shortest access token accepted: a short one could be guessed over the network. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private TeamMode() {}

    /** True when {@code host} is a loopback address or {@code localhost}. */
    public static boolean isLoopback(String host) {
        String h = unbracket(host.strip()).toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) return true;
        InetAddress literal = literal(h);
        return literal != null && literal.isLoopbackAddress();
    }

    /** True when {@code host} is a wildcard address ({@code 0.0.0.0}, {@code ::}): every interface. */
    public static boolean isWildcard(String host) {
        InetAddress literal = literal(unbracket(host.strip()));
        return literal != null && literal.isAnyLocalAddress();
    }

    /** The address a client on this machine dials to reach a proxy bound to {@code host}. */
    public static String localDialAddress(String host) {
        String h = unbracket(host.strip());
        if (isWildcard(h) || h.equalsIgnoreCase("localhost")) return "127.0.0.1";
        return literal(h) instanceof Inet6Address ? "[" + h + "]" : h;
    }

    /**
     * The bind address as given, checked for shape (an IP literal or a host name).
     *
     * @throws ConfigException naming {@code source} when it is neither
     */
    static String parse(String value, String source) {
        String h = unbracket(value.strip());
        boolean name = h.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
        if (!name && literal(h) == null) {
            throw new ConfigException(Setting.HOST.key() + " from " + source + " must be an IP address or a host name (e.g. 127.0.0.1 or 0.0.0.0), not '" + value + "'");
        }
        return h;
    }

    /**
     * Refuses a network-reachable bind address without an access token of at least {@value #MIN_TOKEN_LENGTH}
     * characters.
     *
     * @throws ConfigException saying what to set
     */
    public static void requireToken(String host, String accessToken) {
        if (isLoopback(host)) return;
        if (accessToken == null || accessToken.strip().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException("binding " + host + " makes aismush reachable from the network (team mode), which needs an access token of at least "
                    + MIN_TOKEN_LENGTH + " characters: set " + Setting.ACCESS_TOKEN.envVar() + " or '" + Setting.ACCESS_TOKEN.key()
                    + "' in the home config (e.g. " + Setting.ACCESS_TOKEN.envVar() + "=$(openssl rand -hex 32)), or bind 127.0.0.1");
        }
    }

    private static String unbracket(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The address an IP literal names, or null when {@code h} is not one (no lookup happens either way). */
    private static InetAddress literal(String h) {
        if (!h.matches("[0-9a-fA-F.:%A-Za-z]+") || !(h.contains(":") || h.matches("[0-9.]+"))) return null;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
