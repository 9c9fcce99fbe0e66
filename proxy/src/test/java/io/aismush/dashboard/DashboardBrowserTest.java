package io.aismush.dashboard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/** The dashboard in headless Chromium (Debian's, installed by bin/lib/chromium.sh) after a scripted session. */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static Playwright playwright;
    private static Browser browser;
    private TestProxy proxy;
    private Page page;

    @BeforeAll
    static void launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) fail("CI is set and /usr/bin/chromium is missing: bin/lib/chromium.sh installs it");
            Assumptions.abort("browser tests skipped: /usr/bin/chromium is missing (install it with bin/lib/chromium.sh)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @AfterAll
    static void quit() {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
    }

    @BeforeEach
    void start() {
        proxy = TestProxy.start();
        proxy.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn("claude-opus-5-5", "ok", new AnthropicSse.Tokens(10, 20, 1000, 100, 50))));
        page = browser.newPage();
    }

    @AfterEach
    void stop() {
        if (page != null) page.close();
        proxy.close();
    }

    private void turn(String session) {
        byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"" + session + "\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
        assertThat(proxy.send(proxy.messages(body).build()).statusCode()).isEqualTo(200);
    }

    private JsonNode stats() {
        return Json.MAPPER.readTree(proxy.get("/stats").body());
    }

    private void openDashboard() {
        page.navigate(proxy.uri("/dashboard").toString());
        page.waitForSelector("body[data-ready=true]");
        page.waitForSelector("#live:not(.off)");
    }

    private void addMemory(String text) throws Exception {
        String token = Files.readString(proxy.dataDir().resolve("token")).strip();
        String json = Json.MAPPER.writeValueAsString(Map.of("text", text, "project", "/home/dev/shop", "kind", "fact"));
        var add = HttpRequest.newBuilder(proxy.uri("/memories")).header("content-type", "application/json")
                .header("x-aismush-token", token).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        assertThat(proxy.send(add).statusCode()).isEqualTo(201);
    }

    @Test
    void headlineEqualsStatsAndNewRequestsAppearWithoutReload() throws Exception {
        for (int i = 0; i < 3; i++) turn("s-browser");
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().path("records_pending").asLong() == 0 && stats().path("totals").path("requests").asLong() == 3);
        openDashboard();
        JsonNode s = stats();
        for (String scope : new String[] {"totals", "today", "session"}) {
            for (String key : new String[] {"cost_usd", "baseline_usd", "savings_usd", "routing_savings_usd", "compression_savings_usd", "requests"}) {
                String shown = page.getAttribute(".card[data-scope=" + scope + "] dd[data-key=" + key + "]", "data-value");
                assertThat(Double.parseDouble(shown)).as(scope + "." + key).isCloseTo(s.path(scope).path(key).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        int before = page.locator("#recent tbody tr").count();
        long sent = System.nanoTime();
        turn("s-live");
        // a locator wait, not waitForFunction: polling a function needs eval, which the page's CSP rightly forbids
        page.locator("#recent tbody tr").nth(before).waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(1000));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
        assertThat(page.textContent("#recent tbody tr:first-child")).contains("s-live");
        page.click("#recent tbody tr:first-child");
        assertThat(page.textContent("#detail")).contains("\"session_id\": \"s-live\"");
        page.waitForTimeout(500);
        Files.createDirectories(Path.of("target"));
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/dashboard.png")).setFullPage(true));
    }

    @Test
    void memorySearchDeleteAndHostileTextStaysText() throws Exception {
        String hostile = "<img src=x onerror=window.__xss=1> is how the old page broke";
        addMemory("Prices are stored in cents.");
        addMemory(hostile);
        openDashboard();
        assertThat(page.locator("#memories tbody tr").count()).isEqualTo(2);
        assertThat(page.locator("#memories img").count()).isZero();
        assertThat(page.textContent("#memories")).contains(hostile);
        page.fill("#memory-q", "cents");
        page.click("#memory-search button[type=submit]");
        page.waitForCondition(() -> page.locator("#memories tbody tr").count() == 1);
        assertThat(page.textContent("#memories tbody")).contains("Prices are stored in cents.");
        page.click("#memories tbody tr button");
        page.waitForCondition(() -> page.locator("#memories tbody tr").count() == 0);
        assertThat(Json.MAPPER.readTree(proxy.get("/memories?q=cents").body()).path("memories").size()).isZero();
        page.waitForTimeout(200);
        assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);
    }
}
