package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.wire.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code aismush memories [search TEXT] [--project DIR]}, {@code aismush memories forget ID},
 * {@code aismush memories clear [--project DIR]}: what the running proxy remembers, through its {@code /memories}
 * endpoints (the mutating ones with the install token from the data folder).
 */
@Command(name = "memories", mixinStandardHelpOptions = true,
        description = "List, search, forget or clear what aismush remembers between sessions (asks the running proxy).")
final class MemoriesCommand implements Callable<Integer> {
    @ParentCommand
    AismushCommand parent;

    @Parameters(arity = "0..*", paramLabel = "search TEXT | forget ID | clear", description = "What to do; without it, list the newest memories.")
    java.util.List<String> action = new java.util.ArrayList<>();

    @Option(names = "--project", paramLabel = "DIR", description = "Only this project's memories (and the global ones).")
    String project;

    @Option(names = "--limit", paramLabel = "N", description = "How many to list (default 30).")
    int limit = 30;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The proxy's port (default: configured port).")
    Integer port;

    @Override
    public Integer call() {
        Config config = AismushCommand.configOrNull(parent.env(), parent.workingDir(), parent.userHome(), parent.err());
        if (config == null) return 2;
        int p = port != null ? port : config.port();
        String verb = action.isEmpty() ? "list" : action.getFirst();
        try {
            return switch (verb) {
                case "list", "search" -> list(p, config, String.join(" ", action.subList(Math.min(1, action.size()), action.size())));
                case "forget" -> action.size() == 2 ? print(send(p, config, "DELETE", "/memories/" + action.get(1), null), "forgot memory " + action.get(1))
                        : usage("aismush memories forget ID");
                case "clear" -> print(send(p, config, "POST", "/memories/clear",
                        project == null ? "{}" : Json.MAPPER.writeValueAsString(java.util.Map.of("project", project))), null);
                default -> usage("aismush memories [search TEXT] [--project DIR] | forget ID | clear [--project DIR]");
            };
        } catch (ConnectException e) {
            parent.err().println("aismush: no proxy answers on port " + p + "; start it with `aismush`");
            return 1;
        } catch (IOException e) {
            parent.err().println("aismush: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int list(int p, Config config, String query) throws IOException, InterruptedException {
        var path = new StringBuilder("/memories?limit=").append(limit);
        if (!query.isBlank()) path.append("&q=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
        if (project != null) path.append("&project=").append(URLEncoder.encode(project, StandardCharsets.UTF_8));
        JsonNode list = send(p, config, "GET", path.toString(), null).path("memories");
        if (list.isEmpty()) parent.out().println("no memories" + (query.isBlank() ? "" : " match '" + query + "'"));
        for (JsonNode m : list) {
            String where = m.path("scope").asString("").equals("global") ? "global" : m.path("project").asString("");
            parent.out().printf("%-17d %-10s %s%n%17s %s%n", m.path("id").asLong(), m.path("kind").asString(), m.path("text").asString(), "",
                    "(" + where + ", importance " + m.path("importance").asDouble() + ", used " + m.path("access_count").asLong() + "×)");
        }
        return 0;
    }

    private int print(JsonNode answer, String message) {
        parent.out().println(message != null ? message : "cleared " + answer.path("cleared").asLong() + " memories");
        return 0;
    }

    private int usage(String text) {
        parent.err().println("usage: " + text);
        return 2;
    }

    private JsonNode send(int p, Config config, String method, String path, String body) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (config.accessToken() != null) builder.header(io.aismush.http.TeamGate.HEADER, config.accessToken()); // team mode
        if (!method.equals("GET")) {
            var file = config.dataDir().resolve("token");
            if (!Files.isReadable(file)) throw new IOException("no install token in " + file + " (has aismush run here?)");
            // As a bearer: the x-aismush-token header may be carrying the access token.
            builder.header("authorization", "Bearer " + Files.readString(file).strip()).header("content-type", "application/json");
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(r.body());
            } catch (RuntimeException e) {
                throw new IOException(method + " " + path + " answered " + r.statusCode() + " without JSON");
            }
            if (r.statusCode() >= 300) throw new IOException(json.path("error").path("message").asString(method + " " + path + " answered " + r.statusCode()));
            return json;
        }
    }
}
