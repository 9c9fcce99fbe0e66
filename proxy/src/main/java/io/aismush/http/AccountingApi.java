package io.aismush.http;

import io.aismush.metering.Metrics;
import io.aismush.storage.Ledger;
import io.aismush.wire.ApiError;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /history}, {@code GET /sessions}, {@code POST /stats/reset} (needs the install token) and
 * {@code GET /metrics} (Prometheus text). The JSON shapes are documented in the README. Thread-safe.
 */
public final class AccountingApi implements Endpoints {
    private static final int MAX_LIMIT = 1000;

    private final Ledger ledger;
    private final Metrics metrics;
    private final InstallToken token;
    private final Runnable resetInMemory;

    /** {@code ledger} is null when the database is off. */
    public AccountingApi(Ledger ledger, Metrics metrics, InstallToken token, Runnable resetInMemory) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.token = token;
        this.resetInMemory = resetInMemory;
    }

    @Override
    public boolean handle(String method, String path, Request request, Response response) throws Exception {
        switch (path) {
            case "/metrics" -> {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, Metrics.contentType());
                ClientIo.write(response, true, metrics.scrape());
            }
            case "/history" -> withLedger(response, () -> {
                Fields q = Request.extractQueryParameters(request);
                List<Map<String, Object>> rows = ledger.history(limit(q), q.getValue("before"), q.getValue("session"));
                var out = new LinkedHashMap<String, Object>();
                out.put("requests", rows);
                out.put("next_before", rows.size() == limit(q) ? rows.getLast().get("id") : null);
                return out;
            });
            case "/sessions" -> withLedger(response, () -> {
                Fields q = Request.extractQueryParameters(request);
                List<Map<String, Object>> rows = ledger.sessions(limit(q), q.getValue("before"));
                var out = new LinkedHashMap<String, Object>();
                out.put("sessions", rows);
                out.put("next_before", rows.size() == limit(q) ? rows.getLast().get("last_seen") : null);
                return out;
            });
            case "/stats/reset" -> reset(method, request, response);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void reset(String method, Request request, Response response) throws Exception {
        if (!method.equals("POST")) {
            ClientIo.sendError(response, new ApiError(405, "invalid_request_error", "use POST /stats/reset"));
        } else if (!token.accepts(request)) {
            ClientIo.sendError(response, new ApiError(403, "permission_error",
                    "POST /stats/reset needs the install token (header " + InstallToken.HEADER + " or Authorization: Bearer)"));
        } else {
            long deleted = ledger == null ? 0 : ledger.reset();
            resetInMemory.run();
            ClientIo.sendJson(response, 200, Map.of("reset", true, "requests_deleted", deleted));
        }
    }

    private interface Query {
        Map<String, Object> run() throws SQLException;
    }

    private void withLedger(Response response, Query query) throws Exception {
        if (ledger == null) {
            ClientIo.sendError(response, new ApiError(404, "not_found_error", "request history is off (database.url=none)"));
            return;
        }
        try {
            ClientIo.sendJson(response, 200, query.run());
        } catch (SQLException e) {
            ClientIo.sendError(response, new ApiError(503, "api_error", "the request history is unavailable: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            ClientIo.sendError(response, ApiError.invalidRequest(e.getMessage()));
        }
    }

    private static int limit(Fields q) {
        String v = q.getValue("limit");
        if (v == null) return 50;
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > MAX_LIMIT) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
    }
}
