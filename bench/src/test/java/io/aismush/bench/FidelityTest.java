package io.aismush.bench;

import io.aismush.testkit.ReceivedRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FidelityTest {
    private static final String KEY = "sk-ant-" + "bench-not-a-real-key";
    private static final List<Map.Entry<String, String>> CLIENT = List.of(Map.entry("Content-Type", "application/json"),
            Map.entry("anthropic-version", "2023-06-01"), Map.entry("anthropic-beta", "claude-code-20250219"),
            Map.entry("x-api-key", KEY), Map.entry("User-Agent", "claude-cli/2.1.0 (external, cli)"));

    private static ReceivedRequest received(String body, List<Map.Entry<String, String>> headers) {
        return new ReceivedRequest("POST", "/v1/messages", null, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUntouchedRequestIsReportedUnchanged() {
        String body = "{\"model\":\"m\",\"x\": [1, 2.50]}";
        assertThat(Fidelity.describe(body.getBytes(StandardCharsets.UTF_8), received(body, CLIENT)))
                .isEqualTo("body byte for byte unchanged");
    }

    @Test
    void aReSerialisedBodyNamesTheFieldWhoseValueChanged() {
        String sent = "{\"model\":\"m\",  \"unknown\": [1, -0.0, 1e3]}";
        String got = "{\"model\":\"m\",\"unknown\":[1,0,1000]}";
        assertThat(Fidelity.describe(sent.getBytes(StandardCharsets.UTF_8), received(got, CLIENT)))
                .contains("body changed (" + sent.length() + " → " + got.length() + " bytes")
                .contains("JSON fields changed: unknown")
                .doesNotContain("model");
    }

    @Test
    void onlyWhitespaceChangedIsTheSameJson() {
        String sent = "{\"model\": \"m\"}";
        assertThat(Fidelity.describe(sent.getBytes(StandardCharsets.UTF_8), received("{\"model\":\"m\"}", CLIENT)))
                .contains("same JSON, re-serialised");
    }

    @Test
    void droppedClientHeadersAndAReplacedKeyAreNamed() {
        String body = "{}";
        var headers = List.of(Map.entry("content-type", "application/json"), Map.entry("anthropic-version", "2023-06-01"),
                Map.entry("x-api-key", "sk-ant-" + "other-not-a-real-key"));
        assertThat(Fidelity.describe(body.getBytes(StandardCharsets.UTF_8), received(body, headers)))
                .contains("client headers not passed on: anthropic-beta, user-agent")
                .contains("x-api-key replaced");
    }
}
