package io.aismush.app;

import io.aismush.config.Config;
import io.aismush.config.ConfigException;
import io.aismush.http.AdminGuard;
import io.aismush.http.DashboardApi;
import io.aismush.http.Endpoints;
import io.aismush.http.EventStream;
import io.aismush.http.InstallToken;
import io.aismush.http.ProxyHandler;
import io.aismush.http.Routes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard, wired: its page and event stream next to the other endpoints, and the one {@link AdminGuard} in
 * front of all admin paths. Extra allowed hosts come from the {@code allowedHosts} setting (environment
 * {@code AISMUSH_ALLOWED_HOSTS}, or the home config).
 */
final class Dashboard {
    private Dashboard() {}

    static Routes routes(Config config, ProxyHandler proxy, Supplier<Map<String, Object>> health, Supplier<Map<String, Object>> stats,
                         Endpoints more, Supplier<List<String>> chatModels, EventStream events) {
        InstallToken token;
        try {
            token = InstallToken.load(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("cannot read the install token in " + config.dataDir() + ": " + e.getMessage());
        }
        var dashboard = new DashboardApi(token, events);
        Endpoints all = (method, path, request, response) -> dashboard.handle(method, path, request, response)
                || more.handle(method, path, request, response);
        var guard = new AdminGuard(token, config.allowedHosts());
        var team = config.teamMode() ? new io.aismush.http.TeamGate(config.accessToken()) : null;
        return new Routes(proxy, health, stats, all, chatModels, guard, team);
    }
}
