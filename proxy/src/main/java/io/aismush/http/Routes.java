package io.aismush.http;

import io.aismush.http.openai.ModelList;
import io.aismush.wire.ApiError;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proxy's single Jetty handler: dispatches by path to the proxy endpoints and the small JSON endpoints.
 * Blocking by design; Jetty calls it on a virtual thread.
 */
public final class Routes extends Handler.Abstract {
    private final ProxyHandler proxy;
    private final Supplier<Map<String, Object>> health;
    private final Supplier<Map<String, Object>> stats;
    private final Endpoints more;
    private final Supplier<List<String>> chatModels;
    /** Bodies of refused requests up to this size are read and dropped; beyond it the connection is closed. */
    private static final long UNREAD_BODY_LIMIT = 1 << 20;

    private final AdminGuard guard; // null: no Host/Origin/token policy (only for tests that build Routes alone)
    private final TeamGate team; // null: bound to loopback, no access token needed

    public Routes(ProxyHandler proxy, Supplier<Map<String, Object>> health, Supplier<Map<String, Object>> stats) {
        this(proxy, health, stats, Endpoints.NONE, List::of);
    }

    /**
     * With {@code more} endpoints (history, metrics, …) tried for paths not listed here, and the models an
     * OpenAI-format client may name.
     */
    public Routes(ProxyHandler proxy, Supplier<Map<String, Object>> health, Supplier<Map<String, Object>> stats, Endpoints more,
                  Supplier<List<String>> chatModels) {
        this(proxy, health, stats, more, chatModels, null);
    }

    /** As above, with {@code guard} deciding who may reach the dashboard and the admin endpoints. */
    public Routes(ProxyHandler proxy, Supplier<Map<String, Object>> health, Supplier<Map<String, Object>> stats, Endpoints more,
                  Supplier<List<String>> chatModels, AdminGuard guard) {
        this(proxy, health, stats, more, chatModels, guard, null);
    }

    /** As above, with {@code team} demanding the access token on every path (team mode), or null on loopback. */
    public Routes(ProxyHandler proxy, Supplier<Map<String, Object>> health, Supplier<Map<String, Object>> stats, Endpoints more,
                  Supplier<List<String>> chatModels, AdminGuard guard, TeamGate team) {
        super(InvocationType.BLOCKING);
        this.proxy = proxy;
        this.health = health;
        this.stats = stats;
        this.more = more;
        this.chatModels = chatModels;
        this.guard = guard;
        this.team = team;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (team != null) {
            try {
                if (!team.admit(request, response)) {
                    ClientIo.discardBody(request, UNREAD_BODY_LIMIT);
                    callback.succeeded();
                    return true;
                }
            } catch (Exception e) {
                callback.failed(e);
                return true;
            }
        }
        if (ModelList.wanted(method, path, request.getHeaders().get("anthropic-version"), request.getHeaders().get("x-api-key"))) {
            try {
                ClientIo.sendJson(response, 200, ModelList.of(chatModels.get()));
                callback.succeeded();
            } catch (Exception e) {
                callback.failed(e);
            }
            return true;
        }
        if (path.startsWith("/v1/")) {
            proxy.handle(request, response, callback);
            return true;
        }
        try {
            if (guard != null && AdminGuard.guards(path) && !guard.admit(request, response)) {
                ClientIo.discardBody(request, UNREAD_BODY_LIMIT); // read what the refusal left, so the connection stays usable
                callback.succeeded();
                return true;
            }
            switch (path) {
                case "/health" -> ClientIo.sendJson(response, 200, health.get());
                case "/stats" -> ClientIo.sendJson(response, 200, stats.get());
                case "/", "/api/hello" -> {
                    // Clients probe the base URL for connectivity; any quick answer will do.
                    if (method.equals("HEAD")) {
                        response.setStatus(200);
                        ClientIo.write(response, true, new byte[0]);
                    } else {
                        ClientIo.sendJson(response, 200, Map.of("service", "aismush", "dashboard", "/health"));
                    }
                }
                default -> {
                    if (!more.handle(method, path, request, response)) {
                        // Unread request bytes would make Jetty close the connection under a client about to reuse it.
                        ClientIo.discardBody(request, UNREAD_BODY_LIMIT);
                        ClientIo.sendError(response, ApiError.notFound("no such endpoint: " + method + " " + path));
                    }
                }
            }
            callback.succeeded();
        } catch (ApiError.Failure e) {
            // An admin endpoint refused its input (too large a body): the same error shape as everywhere, never a 500.
            ClientIo.discardBody(request, UNREAD_BODY_LIMIT);
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                ClientIo.sendError(response, e.error());
                callback.succeeded();
            }
        } catch (Exception e) {
            callback.failed(e);
        }
        return true;
    }
}
