package io.aismush.demo;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Plays the {@link Script} through a proxy exactly as Claude Code would: Claude Code-shaped requests (three system
 * blocks, an environment message, a dozen tools, cache markers on the newest message, streaming), each streamed
 * answer folded back into the history, each tool result appended. A background title request (haiku) follows the
 * first step.
 */
final class Session {
    /** What one request did, as the client saw it: the step (-1 for the title request) and the model that served it. */
    record Turn(int step, String label, String servedModel) {}

    private static final List<String> TOOLS = List.of("Agent", "Bash", "Edit", "Glob", "Grep", "Read", "Skill", "ToolSearch",
            "WebFetch", "TodoWrite", "NotebookEdit", "Write");

    private final URI proxy;
    private final String sessionId = UUID.randomUUID().toString();

    Session(URI proxy) {
        this.proxy = proxy;
    }

    /** The number of requests the session sends. */
    static int requests() {
        return Script.STEPS.size() + 1;
    }

    /** Sends every step; {@code onTurn} hears of each request as it completes. */
    List<Turn> play(Consumer<Turn> onTurn) throws IOException, InterruptedException {
        var turns = new ArrayList<Turn>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            ObjectNode request = skeleton("claude-opus-5-5");
            ArrayNode messages = request.withArray("messages");
            for (int i = 0; i < Script.STEPS.size(); i++) {
                Script step = Script.STEPS.get(i);
                if (step.human() != null) {
                    clearMarkers(messages);
                    messages.add(human(step.human()));
                    if (i == 0) messages.add(environment());
                }
                Answer answer = send(client, request);
                record(turns, onTurn, new Turn(i, step.label(), answer.model));
                if (i == 0) {
                    ObjectNode title = skeleton("claude-haiku-4-5");
                    title.withArray("messages").add(human("Write a 5-word title for: " + step.human()));
                    record(turns, onTurn, new Turn(-1, "background title", send(client, title).model));
                }
                clearMarkers(messages);
                messages.add(answer.message);
                if (step.tool() != null) messages.add(toolResult(answer.message, step));
            }
        }
        return turns;
    }

    private static void record(List<Turn> turns, Consumer<Turn> onTurn, Turn turn) {
        turns.add(turn);
        onTurn.accept(turn);
    }

    private record Answer(ObjectNode message, String model) {}

    private Answer send(HttpClient client, ObjectNode request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy + "/v1/messages?beta=true"))
                .header("content-type", "application/json").header("x-api-key", "sk-ant-demo-not-a-real-key")
                .header("anthropic-version", "2023-06-01").header("x-claude-code-session-id", sessionId)
                .header("user-agent", "aismush-demo (simulated claude-cli)")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("event: error")) {
            throw new IOException("the proxy answered " + response.statusCode() + ": " + response.body());
        }
        return assemble(response.body());
    }

    /** Folds a streamed answer into the assistant message Claude Code keeps in its history. */
    static Answer assemble(String sse) {
        ArrayNode content = Json.MAPPER.createArrayNode();
        String model = "";
        var json = new StringBuilder();
        for (String event : sse.replace("\r\n", "\n").split("\n\n")) {
            int at = event.indexOf("data: ");
            if (at < 0) continue;
            JsonNode data = Json.MAPPER.readTree(event.substring(at + 6).split("\n")[0]);
            switch (data.path("type").asString("")) {
                case "message_start" -> model = data.path("message").path("model").asString("");
                case "content_block_start" -> {
                    content.add(data.path("content_block").deepCopy());
                    json.setLength(0);
                }
                case "content_block_delta" -> {
                    ObjectNode block = (ObjectNode) content.get(data.path("index").asInt());
                    JsonNode d = data.path("delta");
                    if (d.has("text")) block.put("text", block.path("text").asString("") + d.path("text").asString());
                    if (d.has("partial_json")) json.append(d.path("partial_json").asString());
                }
                case "content_block_stop" -> {
                    ObjectNode block = (ObjectNode) content.get(data.path("index").asInt());
                    if ("tool_use".equals(block.path("type").asString("")) && !json.isEmpty()) block.set("input", Json.MAPPER.readTree(json.toString()));
                }
                default -> { }
            }
        }
        ObjectNode message = Json.MAPPER.createObjectNode().put("role", "assistant");
        message.set("content", content);
        return new Answer(message, model);
    }

    private static ObjectNode toolResult(ObjectNode assistant, Script step) {
        JsonNode content = assistant.path("content");
        String id = content.path(content.size() - 1).path("id").asString("toolu_missing");
        ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
        ObjectNode block = user.putArray("content").addObject().put("tool_use_id", id).put("type", "tool_result").put("content", step.result());
        if (step.error()) block.put("is_error", true);
        block.putObject("cache_control").put("type", "ephemeral");
        return user;
    }

    private ObjectNode skeleton(String model) {
        ObjectNode r = Json.MAPPER.createObjectNode().put("model", model);
        r.putArray("messages");
        ArrayNode system = r.putArray("system");
        system.addObject().put("type", "text").put("text", "x-anthropic-billing-header: cc_version=2.1.330.f17; cc_entrypoint=cli;");
        system.addObject().put("type", "text").put("text", "You are Claude Code, Anthropic's official CLI for Claude.")
                .putObject("cache_control").put("type", "ephemeral");
        system.addObject().put("type", "text").put("text", "You are an interactive CLI tool that helps users with software engineering tasks. ".repeat(85))
                .putObject("cache_control").put("type", "ephemeral");
        ArrayNode tools = r.putArray("tools");
        for (String name : TOOLS) {
            ObjectNode t = tools.addObject().put("name", name)
                    .put("description", (name + " is a tool Claude Code offers; it does what its name says, carefully. ").repeat(30));
            ObjectNode schema = t.putObject("input_schema").put("type", "object");
            schema.putObject("properties").putObject("file_path").put("type", "string").put("description", "The absolute path");
        }
        r.putObject("metadata").put("user_id", "{\"device_id\":\"" + "ab".repeat(32) + "\",\"account_uuid\":\"\",\"session_id\":\"" + sessionId + "\"}");
        r.put("max_tokens", model.contains("haiku") ? 512 : 128_000);
        if (!model.contains("haiku")) r.putObject("thinking").put("type", "adaptive");
        r.put("stream", true);
        return r;
    }

    private static ObjectNode environment() {
        ObjectNode env = Json.MAPPER.createObjectNode().put("role", "system");
        env.putArray("content").addObject().put("type", "text")
                .put("text", "# Environment\nWorking directory: /home/dev/shop\nPlatform: linux\n" + "Git status: clean. ".repeat(400));
        return env;
    }

    private static ObjectNode human(String text) {
        ObjectNode user = Json.MAPPER.createObjectNode().put("role", "user");
        ArrayNode content = user.putArray("content");
        content.addObject().put("type", "text").put("text", "<system-reminder>\nThe user may plan, design or debug; follow the architecture notes.\n</system-reminder>");
        content.addObject().put("type", "text").put("text", text).putObject("cache_control").put("type", "ephemeral");
        return user;
    }

    private static void clearMarkers(ArrayNode messages) {
        for (JsonNode m : messages) for (JsonNode b : m.path("content")) if (b.isObject()) ((ObjectNode) b).remove("cache_control");
    }
}
