package io.aismush.http;

import io.aismush.wire.ApiError;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Team mode's door (the proxy bound to a non-loopback address): every endpoint needs the access token in the
 * {@code x-aismush-token} header. A browser opens the dashboard once with {@code GET /dashboard?token=<t>}, which sets
 * an HttpOnly, SameSite=Strict cookie and redirects to {@code /dashboard}; that cookie then admits the dashboard's own
 * requests (page, assets, event stream, JSON endpoints), never the client paths ({@code /v1/*}). Tokens are compared
 * as SHA-256 digests, so the comparison time says nothing about them. Immutable and thread-safe.
 */
public final class TeamGate {
    public static final String HEADER = InstallToken.HEADER;
    public static final String COOKIE = "aismush_access";
    private static final ApiError REFUSED = new ApiError(401, "authentication_error",
            "this aismush needs an access token (header " + HEADER + ")");

    private final byte[] tokenDigest;
    private final String cookieValue;

    public TeamGate(String accessToken) {
        this.tokenDigest = sha256(accessToken.strip());
        // The cookie holds a value derived from the token, not the token: a copy lifted from a browser admits the
        // dashboard but is no header a client could replay on /v1/*.
        this.cookieValue = HexFormat.of().formatHex(sha256("aismush dashboard cookie\u0000" + accessToken.strip()));
    }

    /**
     * Answers the request itself and returns false when it may not go on: a 401 without the token, a redirect after a
     * dashboard login. Returns true, untouched, when the request carries the token.
     */
    public boolean admit(Request request, Response response) throws IOException {
        String path = Request.getPathInContext(request);
        if (path.equals("/dashboard") && request.getMethod().equals("GET")) {
            String given = queryToken(request.getHttpURI().getQuery());
            if (given != null) {
                if (!matches(given)) return refuse(response);
                response.setStatus(303);
                var h = response.getHeaders();
                h.put(HttpHeader.LOCATION, "/dashboard");
                h.put(HttpHeader.SET_COOKIE, COOKIE + "=" + cookieValue + "; Path=/; HttpOnly; SameSite=Strict");
                h.put(HttpHeader.CACHE_CONTROL, "no-store");
                h.put("Referrer-Policy", "no-referrer");
                h.put(HttpHeader.CONTENT_LENGTH, 0);
                ClientIo.write(response, true, new byte[0]);
                return false;
            }
        }
        String header = request.getHeaders().get(HEADER);
        if (header != null && matches(header)) return true;
        if (AdminGuard.guards(path) && hasCookie(request.getHeaders().getValuesList(HttpHeader.COOKIE.asString()))) return true;
        return refuse(response);
    }

    private static boolean refuse(Response response) throws IOException {
        ClientIo.sendError(response, REFUSED);
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(tokenDigest, sha256(given.strip()));
    }

    private boolean hasCookie(java.util.List<String> headers) {
        byte[] expected = cookieValue.getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String header : headers) {
            for (String pair : header.split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) {
                    found |= MessageDigest.isEqual(expected, p.substring(COOKIE.length() + 1).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return found;
    }

    /** The {@code token} query parameter, or null. */
    private static String queryToken(String query) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return "";
                }
            }
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
