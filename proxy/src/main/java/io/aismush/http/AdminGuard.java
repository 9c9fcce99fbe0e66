package io.aismush.http;

import io.aismush.wire.ApiError;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one policy for the dashboard and the admin endpoints (ARCHITECTURE invariant 6): the {@code Host} header must name
 * this machine's loopback (with the proxy's port) or a configured host, which defeats DNS rebinding; a state-changing
 * request must come from no page or from the dashboard's own origin, and must carry the install token. Client paths
 * ({@code /v1/*}, {@code /health} and the base-URL probes) are not admin paths. Immutable and thread-safe.
 */
public final class AdminGuard {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final InstallToken token;
    private final List<String> allowedHosts;

    /** {@code allowedHosts} are extra host names ({@code name} or {@code name:port}), compared case-insensitively. */
    public AdminGuard(InstallToken token, List<String> allowedHosts) {
        this.token = token;
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }


    /** Whether this path is an admin path, guarded here; clients' paths are not. */
    public static boolean guards(String path) {
        return !path.startsWith("/v1/") && !path.equals("/health") && !path.equals("/") && !path.equals("/api/hello");
    }

    /**
     * Answers 403 and returns false when the request breaks the policy; returns true, untouched, otherwise.
     */
    public boolean admit(Request request, Response response) throws IOException {
        String refusal = refusal(request);
        if (refusal == null) return true;
        ClientIo.sendError(response, new ApiError(403, "permission_error", refusal));
        return false;
    }

    /** Why the request is refused, or null when it may go on. */
    String refusal(Request request) {
        int port = Request.getLocalPort(request);
        String host = request.getHeaders().get("host");
        if (!hostAllowed(host, port)) return "this endpoint answers only on localhost (Host '" + host + "' is not allowed; see allowedHosts)";
        if (SAFE_METHODS.contains(request.getMethod()) || !ownsState(Request.getPathInContext(request))) return null;
        String origin = request.getHeaders().get("origin");
        if (origin != null && !sameOrigin(origin, port)) return "cross-origin requests may not change anything";
        if (!token.accepts(request)) {
            return request.getMethod() + " " + Request.getPathInContext(request) + " needs the install token (header "
                    + InstallToken.HEADER + " or Authorization: Bearer)";
        }
        return null;
    }

    /** Paths whose non-GET methods change something; any other path answers 404 whatever the method. */
    private static boolean ownsState(String path) {
        for (String prefix : List.of("/stats", "/memories", "/history", "/sessions", "/metrics", "/dashboard", "/events")) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) return true;
        }
        return false;
    }

    boolean hostAllowed(String host, int port) {
        if (host == null) return false;
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(h)) return true;
        String name = h;
        String givenPort = null;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && colon > h.lastIndexOf(']')) {
            name = h.substring(0, colon);
            givenPort = h.substring(colon + 1);
        }
        if (allowedHosts.contains(name)) return true;
        boolean portOk = givenPort == null ? port == 80 : givenPort.equals(Integer.toString(port));
        return portOk && LOOPBACK.contains(name);
    }

    private boolean sameOrigin(String origin, int port) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        for (String name : LOOPBACK) {
            if (o.equals("http://" + name + ":" + port)) return true;
        }
        for (String h : allowedHosts) {
            if (o.equals("http://" + h) || o.equals("https://" + h) || o.equals("http://" + h + ":" + port)) return true;
        }
        return false;
    }
}
