package io.aismush.app;

import io.aismush.config.Config;
import io.aismush.config.ConfigLoader;
import io.aismush.storage.Database;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A short run that goes the way of a real start and its first requests (logging to a file, the server, Claude
 * Code-shaped requests through parsing, compression, memory, routing, the upstream client and the SSE relay, records
 * written to the SQLite database) so the JDK can write an ahead-of-time cache ({@code -XX:AOTCacheOutput}) that later
 * starts load those classes from, already linked. The launcher and the benchmark run it once per build. Everything
 * stays on loopback: the upstream is a tiny local server that answers like Anthropic.
 */
final class AotTraining {
    private AotTraining() {}

    private static final String EVENTS = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_t","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":3,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"We decided to keep prices as integer cents. "}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"The build passes now."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static int run() throws Exception {
        Path dir = Files.createTempDirectory("aismush-aot");
        Preload.begin();
        Logging.configure(dir.resolve("proxy.log"), false);
        existingDatabase(dir.resolve("proxy.db"));
        Server upstream = upstream();
        var env = Map.of("AISMUSH_HOME", dir.toString(), "PROXY_PORT", "0",
                "AISMUSH_ANTHROPIC_BASE_URL", "http://127.0.0.1:" + ((ServerConnector) upstream.getConnectors()[0]).getLocalPort());
        Config config = ConfigLoader.load(env, dir, dir).config();
        try (var server = new AismushServer(config).start();
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Main.listening(config, server.port()); // what a start prints and the hook it leaves, made (not printed, not set)
            Main.stopping(server, new CountDownLatch(1));
            JitThreads.idle(JitThreads.TASKS, JitThreads::isCompiler); // its native call's classes, in the cache too
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 40; i++) {
                String session = "aot-" + (i % 4);
                send(client, base + "/v1/messages?beta=true", session, request(i < 4 ? 0 : 30, i % 5 != 0));
                if (i % 10 == 0) send(client, base + "/v1/messages", session, "{\"model\":");
            }
            try (var concurrent = Executors.newVirtualThreadPerTaskExecutor()) { // the paths taken when requests overlap
                var sent = new ArrayList<Future<?>>();
                for (int i = 0; i < 16; i++) {
                    String session = "aot-c" + (i % 4);
                    sent.add(concurrent.submit(() -> send(client, base + "/v1/messages?beta=true", session, request(30, true))));
                }
                for (var f : sent) f.get();
            }
            send(client, base + "/v1/messages/count_tokens", "aot-0", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");
            client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            client.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(), HttpResponse.BodyHandlers.ofString());
        } finally { // closing the server (above) stored every record first
            upstream.stop();
        }
        return 0;
    }

    /**
     * Lays out the database the training's server opens: the schema, from the migration scripts, and a history table
     * saying they are applied. The server then opens it as it opens an existing database, on every start but the first,
     * and never loads Flyway, which runs only when a database is created: with the Jackson 2 it brings, a thousand
     * classes that, in the cache, every start would map and load (a sixth of its classes, 9 MB of its memory).
     */
    private static void existingDatabase(Path file) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String script : Database.MIGRATION_SCRIPTS) {
                String sql;
                try (var in = AotTraining.class.getResourceAsStream("/db/migration/" + script)) {
                    sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                for (String statement : sql.replaceAll("(?m)--.*$", "").split(";")) {
                    if (!statement.isBlank()) st.executeUpdate(statement);
                }
            }
            st.executeUpdate("CREATE TABLE flyway_schema_history (version VARCHAR(50), success BOOLEAN NOT NULL)");
            for (String version : Database.MIGRATIONS) st.executeUpdate("INSERT INTO flyway_schema_history VALUES ('" + version + "', TRUE)");
        }
    }

    /** The upstream: a Jetty server (the proxy's own classes) answering like Anthropic, streamed or not. */
    private static Server upstream() throws Exception {
        var server = new Server(new VirtualThreadPool());
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                boolean stream = Content.Source.asString(request, StandardCharsets.UTF_8).contains("\"stream\":true");
                byte[] body = (stream ? EVENTS : "{\"type\":\"message\",\"usage\":{\"input_tokens\":3,\"output_tokens\":2}}")
                        .getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, stream ? "text/event-stream" : "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static String send(HttpClient client, String uri, String session, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).header("content-type", "application/json")
                .header("x-api-key", "training").header("anthropic-version", "2023-06-01").header("x-claude-code-session-id", session)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * A Claude Code-shaped request of {@code turns} tool round trips after the first question (0: a session's first
     * request): system blocks, tools, and among the tool results file reads and the logs of builds, tests and git.
     */
    static String request(int turns, boolean stream) {
        var sb = new StringBuilder(8_000 + turns * 6_000);
        sb.append("{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":")
                .append("\"Working directory: /home/dev/shop. Fix the failing test in CartTest — the «total» is wrong. We use pnpm here, not npm.\"}]}");
        for (int t = 0; t < turns; t++) {
            String id = "toolu_aot" + t;
            String[] call = switch (t % 4) {
                case 0 -> new String[] {"Read", "{\"file_path\":\"/home/dev/shop/src/Cart" + t + ".java\"}", javaFile(t)};
                case 1 -> new String[] {"Bash", "{\"command\":\"mvn -q test\"}", buildLog(t)};
                case 2 -> new String[] {"Bash", "{\"command\":\"git status\"}", "On branch main\\nChanges not staged for commit:\\n"
                        + "\\tmodified:   src/Cart.java\\n".repeat(40)};
                default -> new String[] {"Bash", "{\"command\":\"ls -la src\"}", "-rw-r--r-- 1 dev dev 4096 Nov 24 10:00 Cart.java\\n".repeat(60)};
            };
            sb.append(",{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},{\"type\":\"tool_use\",\"id\":\"")
                    .append(id).append("\",\"name\":\"").append(call[0]).append("\",\"input\":").append(call[1]).append("}]}")
                    .append(",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"").append(id)
                    .append("\",\"content\":\"").append(call[2]).append("\"}]}");
        }
        sb.append("],\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, Anthropic's official CLI for Claude.\",")
                .append("\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":\"")
                .append("You are an interactive CLI tool. ".repeat(40)).append("\"}],\"tools\":[");
        for (int t = 0; t < 8; t++) {
            sb.append(t == 0 ? "" : ",").append("{\"name\":\"Tool").append(t).append("\",\"description\":\"").append("Does a useful thing. ".repeat(20))
                    .append("\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"file_path\":{\"type\":\"string\"}}}}");
        }
        return sb.append("],\"metadata\":{\"user_id\":\"user_aot\"},\"max_tokens\":32000,\"thinking\":{\"type\":\"adaptive\"},\"stream\":")
                .append(stream).append('}').toString();
    }

    private static String javaFile(int t) {
        var sb = new StringBuilder();
        for (int line = 1; line <= 60; line++) {
            sb.append(line).append("\\t    public long total").append(line).append(t).append("() { return items.stream().mapToLong(Item::price).sum(); } // \\\"sum\\\"\\n");
        }
        return sb.toString();
    }

    private static String buildLog(int t) {
        var sb = new StringBuilder("[INFO] Scanning for projects...\\n");
        for (int i = 0; i < 80; i++) sb.append("[INFO] Download from central: org/example/lib").append(i).append("/1.").append(t).append("/lib.jar\\n");
        sb.append("[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0\\n[ERROR] CartTest.total:42 expected:<300> but was:<299>\\n");
        for (int i = 0; i < 20; i++) sb.append("\\tat org.junit.Assert.fail(Assert.java:").append(88 + i).append(")\\n");
        return sb.append("[INFO] BUILD FAILURE\\n").toString();
    }
}
