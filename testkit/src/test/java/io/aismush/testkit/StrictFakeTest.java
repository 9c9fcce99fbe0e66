package io.aismush.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.aismush.testkit.AnthropicSse.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict responder on a real fake upstream, over loopback HTTP. */
class StrictFakeTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void anInvalidMessagesRequestIsAnswered400WithEveryViolationAndRemembered() throws Exception {
        var strict = StrictFake.strict(Flavour.DEEPSEEK, FakeUpstream::defaultReply);
        try (var fake = FakeUpstream.start().respondWith(strict)) {
            String body = "{\"model\":\"gpt-5\",\"max_tokens\":10,\"safeguards\":{},\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}";
            HttpResponse<String> response = post(fake, "/v1/messages?beta=true", body);

            assertThat(response.statusCode()).isEqualTo(400);
            var error = JSON.readTree(response.body());
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.at("/error/type").asString()).isEqualTo("invalid_request_error");
            assertThat(error.at("/error/message").asString()).contains("model: unknown model gpt-5", "safeguards:", "messages.0:");
            assertThat(strict.rejections()).singleElement().satisfies(r -> assertThat(r.violations()).hasSize(3));
            assertThatThrownBy(strict::assertNoRejections).hasMessageContaining("POST /v1/messages?beta=true rejected");
        }
    }

    @Test
    void aValidRequestReachesTheScript() throws Exception {
        var strict = StrictFake.strict(Flavour.ANTHROPIC, FakeUpstream::defaultReply);
        try (var fake = FakeUpstream.start().respondWith(strict)) {
            HttpResponse<String> response = post(fake, "/v1/messages",
                    "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("Hello from the fake upstream.");
            strict.assertNoRejections();
        }
    }

    @Test
    void otherEndpointsAreNotValidatedAsMessages() throws Exception {
        var strict = StrictFake.strict(Flavour.ANTHROPIC, FakeUpstream::defaultReply);
        try (var fake = FakeUpstream.start().respondWith(strict)) {
            var response = post(fake, "/v1/messages/count_tokens", "{\"model\":\"claude-haiku-4-5\",\"messages\":[]}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(strict.rejections()).isEmpty();
        }
    }

    private HttpResponse<String> post(FakeUpstream fake, String pathAndQuery, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
