package io.aismush.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A group of small endpoints that {@link Routes} tries before answering 404. {@link #handle} answers completely and
 * returns true, or returns false, untouched, for a path it does not own. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Endpoints {
    Endpoints NONE = (method, path, request, response) -> false;

    boolean handle(String method, String path, Request request, Response response) throws Exception;
}
