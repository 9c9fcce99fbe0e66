package io.aismush.http;

import io.aismush.wire.ApiError;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /dashboard} (the page, with the install token in a meta tag: the page is served only to a loopback or
 * configured {@code Host}, see {@link AdminGuard}), its script, style and bundled Chart.js under {@code /dashboard/},
 * and {@code GET /events} (see {@link EventStream}). Every asset comes from the jar: the page works offline. Every
 * answer carries a strict Content-Security-Policy, so the page runs only its own script. Thread-safe.
 */
public final class DashboardApi implements Endpoints {
    /** The Chart.js WebJar's version; the proxy's pom names the same one. */
    static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.4.9/dist/chart.umd.js";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final String TOKEN_SLOT = "{{token}}";

    private record Asset(String type, byte[] bytes) {}

    private final Map<String, Asset> assets;
    private final InstallToken token;
    private final EventStream events;

    public DashboardApi(InstallToken token, EventStream events) {
        this.token = token;
        this.events = events;
        this.assets = Map.of(
                "/dashboard/app.js", new Asset("text/javascript; charset=utf-8", resource("/io/aismush/dashboard/app.js")),
                "/dashboard/app.css", new Asset("text/css; charset=utf-8", resource("/io/aismush/dashboard/app.css")),
                "/dashboard/chart.umd.js", new Asset("text/javascript; charset=utf-8", resource(CHART_JS)));
    }

    @Override
    public boolean handle(String method, String path, Request request, Response response) throws Exception {
        if (path.equals("/events")) {
            if (!method.equals("GET")) return refuseMethod(response, path);
            events.serve(request, response);
            return true;
        }
        if (!path.equals("/dashboard") && !path.equals("/dashboard/") && !path.startsWith("/dashboard/")) return false;
        if (!method.equals("GET") && !method.equals("HEAD")) return refuseMethod(response, path);
        Asset asset = path.equals("/dashboard") || path.equals("/dashboard/") ? page() : assets.get(path);
        if (asset == null) {
            ClientIo.sendError(response, ApiError.notFound("no such dashboard file: " + path));
            return true;
        }
        response.setStatus(200);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, asset.type());
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        ClientIo.write(response, true, method.equals("HEAD") ? new byte[0] : asset.bytes());
        return true;
    }

    private Asset page() {
        String html = new String(resource("/io/aismush/dashboard/index.html"), StandardCharsets.UTF_8);
        return new Asset("text/html; charset=utf-8", html.replace(TOKEN_SLOT, token.value()).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean refuseMethod(Response response, String path) throws IOException {
        ClientIo.sendError(response, new ApiError(405, "invalid_request_error", "use GET " + path));
        return true;
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardApi.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
