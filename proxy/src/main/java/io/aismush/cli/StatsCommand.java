package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.storage.Ledger;
import io.aismush.storage.Store;
import io.aismush.storage.Totals;
import io.aismush.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code aismush stats}: a report of cost and savings per day and per session, from the running proxy's
 * {@code /stats} and {@code /sessions}, or straight from the database when no proxy runs.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print cost and savings per day and per session (from the running proxy, else from the database).")
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    AismushCommand parent;

    @Option(names = "--sessions", paramLabel = "N", description = "How many recent sessions to list (default 10).")
    int sessions = 10;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The proxy's port (default: configured port).")
    Integer port;

    @Override
    public Integer call() {
        Config config = AismushCommand.configOrNull(parent.env(), parent.workingDir(), parent.userHome(), parent.err());
        if (config == null) return 2;
        int p = port != null ? port : config.port();
        try {
            JsonNode stats = Http.getJson(p, "/stats", config.accessToken());
            JsonNode list = Http.getJson(p, "/sessions?limit=" + sessions, config.accessToken());
            new StatsTable(parent.out()).print("the proxy on http://127.0.0.1:" + p, stats, list);
            return 0;
        } catch (ConnectException e) {
            return fromDatabase(config);
        } catch (IOException e) {
            parent.err().println("aismush: port " + p + " did not answer like aismush: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int fromDatabase(Config config) {
        if (config.storage().disabled()) {
            parent.out().println("no aismush is running, and request history is off (database.url=none)");
            return 1;
        }
        try (var store = new Store(config.storage(), config.dataDir())) {
            var ledger = new Ledger(store);
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("totals", ledger.totals().toMap());
            var days = new LinkedHashMap<String, Object>();
            for (Map.Entry<String, Totals> d : ledger.grouped(Ledger.Group.DAY, 30).entrySet()) days.put(d.getKey(), d.getValue().toMap());
            stats.put("days", days);
            JsonNode list = Json.MAPPER.valueToTree(Map.of("sessions", ledger.sessions(sessions, null)));
            new StatsTable(parent.out()).print(store.description() + " (no proxy running)", Json.MAPPER.valueToTree(stats), list);
            return 0;
        } catch (SQLException e) {
            parent.err().println("aismush: no proxy is running and the database cannot be read: " + e.getMessage());
            return 1;
        }
    }
}
