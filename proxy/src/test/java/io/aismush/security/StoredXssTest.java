package io.aismush.security;

import com.microsoft.playwright.Page;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever a client or an upstream puts into a request's metadata (model names, session id, user agent, tool names,
 * project folder, memories) comes back from the JSON endpoints and the live feed as JSON strings, and the dashboard
 * shows it as text: no element, no script, no handler is ever made from it.
 */
class StoredXssTest {
    private static final String IMG = "<img src=x onerror=window.__xss=1>";
    private static final String SCRIPT = "</script><script>window.__xss=2</script>";
    private static final String MODEL = "claude-" + IMG + SCRIPT;
    private static final String SERVED = "served-" + IMG + "<svg onload=window.__xss=5>";
    private static final String SESSION = "s-" + IMG + "\"><iframe src=javascript:window.__xss=3>";
    private static final String AGENT = "agent-" + IMG + "'\"><b>bold</b>";
    private static final String TOOL = "tool_" + IMG;
    private static final String PROJECT = "/tmp/x' onfocus='window.__xss=4' autofocus x='&amp;";
    private static final String MEMORY = "memory " + IMG + SCRIPT + "<a href=javascript:window.__xss=6>click</a>";

    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    /** Sends one turn carrying every payload, and a memory; returns the live feed's text. */
    private String injectEverything() throws Exception {
        proxy.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn(SERVED, "ok " + IMG, AnthropicSse.Tokens.SMALL)));
        var events = proxy.client.send(HttpRequest.newBuilder(proxy.uri("/events")).GET().build(), HttpResponse.BodyHandlers.ofLines());
        var lines = events.body().iterator();
        assertThat(lines.next()).startsWith("retry:");
        var body = Json.MAPPER.createObjectNode();
        body.put("model", MODEL).put("max_tokens", 10).put("stream", true);
        body.putArray("system").addObject().put("type", "text").put("text", "Primary working directory: " + PROJECT + "\nIs a git repository: true");
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        var tool = body.putArray("tools").addObject().put("name", TOOL).put("description", IMG);
        tool.putObject("input_schema").put("type", "object");
        body.putObject("metadata").put("user_id", Json.MAPPER.writeValueAsString(Map.of("session_id", SESSION)));
        var r = proxy.send(proxy.messages(Json.MAPPER.writeValueAsBytes(body)).setHeader("user-agent", AGENT).build());
        assertThat(r.statusCode()).isEqualTo(200);
        String feed = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data: ")) return line;
            }
            return "";
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        String token = Files.readString(proxy.dataDir().resolve("token")).strip();
        var add = HttpRequest.newBuilder(proxy.uri("/memories")).header("content-type", "application/json").header("x-aismush-token", token)
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(Map.of("text", MEMORY, "scope", "global")))).build();
        assertThat(proxy.send(add).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("/history").body().contains("\"session_id\""));
        return feed;
    }

    /** Every string value anywhere in {@code node}. */
    private static List<String> strings(JsonNode node) {
        var out = new ArrayList<String>();
        if (node.isString()) out.add(node.asString());
        for (JsonNode child : node) out.addAll(strings(child));
        node.properties().forEach(e -> out.addAll(strings(e.getValue())));
        return out;
    }

    @Test
    void payloadsComeBackFromTheJsonEndpointsAndTheLiveFeedAsExactJsonStrings() throws Exception {
        String feed = injectEverything();
        JsonNode history = Json.MAPPER.readTree(proxy.get("/history").body());
        assertThat(strings(history)).as("history").contains(MODEL, SERVED, SESSION, AGENT, PROJECT.strip());
        JsonNode sessions = Json.MAPPER.readTree(proxy.get("/sessions").body());
        assertThat(strings(sessions)).as("sessions").contains(SESSION, PROJECT.strip());
        assertThat(strings(Json.MAPPER.readTree(proxy.get("/memories").body()))).contains(MEMORY);
        assertThat(strings(Json.MAPPER.readTree(feed.substring("data: ".length())))).as("live feed").contains(MODEL, SERVED, SESSION);
        for (String path : new String[] {"/history", "/sessions", "/memories", "/stats"}) {
            var r = proxy.get(path);
            assertThat(r.headers().firstValue("content-type").orElse("")).as(path).startsWith("application/json");
            assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
        }
    }

    @Test
    void theDashboardScriptWritesServerValuesOnlyAsText() throws IOException {
        String js;
        try (InputStream in = StoredXssTest.class.getResourceAsStream("/io/aismush/dashboard/app.js")) {
            js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(js).contains("textContent")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('on",
                        "srcdoc", "javascript:", "DOMParser", "createContextualFragment");
        assertThat(js.replaceAll("setTimeout\\(\\s*(\\(\\)|[a-zA-Z_]+)", "")).doesNotContain("setTimeout('", "setTimeout(\"");
    }

    @Test
    void theDashboardInChromiumShowsEveryPayloadAsTextAndRunsNone() throws Exception {
        injectEverything();
        try (var chromium = io.aismush.testing.Chromium.launch()) {
            Page page = chromium.browser.newPage();
            var violations = new ArrayList<String>();
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy")) violations.add(m.text());
            });
            page.navigate(proxy.uri("/dashboard").toString());
            page.waitForSelector("body[data-ready=true]");
            page.waitForCondition(() -> page.textContent("#recent").contains(SESSION) && page.textContent("#memories").contains(MEMORY));
            page.click("#recent tbody tr:first-child");
            String all = page.textContent("main");
            assertThat(all).contains(MEMORY, SESSION, PROJECT.strip());
            assertThat(page.textContent("#recent")).contains(SERVED);
            assertThat(page.textContent("#detail")).contains("claude-<img src=x onerror=window.__xss=1></script>", AGENT.replace("\"", "\\\""));
            assertThat(page.locator("main img, main svg, main iframe, main b, main a[href^=javascript], [autofocus], [onfocus], [onerror]").count())
                    .as("elements made from payloads").isZero();
            assertThat(page.locator("script").count()).as("only the page's own two scripts").isEqualTo(2);
            page.waitForTimeout(300);
            assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);
            assertThat(violations).as("nothing even tried to run inline").isEmpty();
        }
    }
}
