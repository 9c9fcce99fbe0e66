package io.aismush.http;

import io.aismush.memory.Kind;
import io.aismush.memory.Memories;
import io.aismush.memory.Scope;
import io.aismush.wire.ApiError;
import io.aismush.wire.Json;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /memories?q=&project=&limit=}, {@code POST /memories} (add one by hand), {@code DELETE /memories/{id}} and
 * {@code POST /memories/clear} (optionally {@code {"project": DIR}}). The mutating ones need the install token, like
 * {@code POST /stats/reset}. Thread-safe.
 */
public final class MemoryApi implements Endpoints {
    private static final int MAX_LIMIT = 500;

    private final Memories memories;
    private final InstallToken token;

    public MemoryApi(Memories memories, InstallToken token) {
        this.memories = memories;
        this.token = token;
    }

    @Override
    public boolean handle(String method, String path, Request request, Response response) throws Exception {
        if (!path.equals("/memories") && !path.startsWith("/memories/")) return false;
        try {
            if (path.equals("/memories") && method.equals("GET")) list(request, response);
            else if (!method.equals("GET") && !token.accepts(request)) {
                ClientIo.sendError(response, new ApiError(403, "permission_error",
                        method + " " + path + " needs the install token (header " + InstallToken.HEADER + " or Authorization: Bearer)"));
            } else if (path.equals("/memories") && method.equals("POST")) add(request, response);
            else if (path.equals("/memories/clear") && method.equals("POST")) clear(request, response);
            else if (method.equals("DELETE")) delete(path.substring("/memories/".length()), response);
            else ClientIo.sendError(response, new ApiError(405, "invalid_request_error", "no such memory endpoint: " + method + " " + path));
        } catch (SQLException e) {
            ClientIo.sendError(response, new ApiError(503, "api_error", "the memory store is unavailable: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            ClientIo.sendError(response, ApiError.invalidRequest(e.getMessage()));
        }
        return true;
    }

    private void list(Request request, Response response) throws Exception {
        Fields q = Request.extractQueryParameters(request);
        int limit = limit(q.getValue("limit"));
        String project = Scope.normalise(q.getValue("project"));
        var out = new LinkedHashMap<String, Object>();
        out.put("memories", memories.search(project, q.getValue("q"), limit));
        ClientIo.sendJson(response, 200, out);
    }

    private void add(Request request, Response response) throws Exception {
        JsonNode body = json(request);
        String text = body.path("text").asString("");
        if (text.isBlank() || text.length() > 2000) throw new IllegalArgumentException("text is required (at most 2000 characters)");
        boolean global = body.path("scope").asString("project").equals("global");
        String project = Scope.normalise(body.path("project").asString(null));
        if (!global && project == null) throw new IllegalArgumentException("project is required unless scope is global");
        long id = memories.add(project, Kind.of(body.path("kind").asString("fact")), text, global);
        ClientIo.sendJson(response, 201, Map.of("id", id));
    }

    private void clear(Request request, Response response) throws Exception {
        JsonNode body = json(request);
        String project = Scope.normalise(body.path("project").asString(null));
        int n = memories.store().clear(project);
        ClientIo.sendJson(response, 200, Map.of("cleared", n));
    }

    private void delete(String idText, Response response) throws Exception {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memory id must be a number, not '" + idText + "'");
        }
        if (memories.store().delete(id)) ClientIo.sendJson(response, 200, Map.of("deleted", id));
        else ClientIo.sendError(response, ApiError.notFound("no memory " + id));
    }

    private static JsonNode json(Request request) throws Exception {
        byte[] bytes = ClientIo.readBody(request, 64 * 1024);
        if (bytes.length == 0) return Json.MAPPER.createObjectNode();
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            return n == null ? Json.MAPPER.createObjectNode() : n;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body must be JSON");
        }
    }

    private static int limit(String v) {
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
