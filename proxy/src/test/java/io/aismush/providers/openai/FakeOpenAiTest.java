package io.aismush.providers.openai;

import io.aismush.testkit.FakeOpenAi;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake is only worth its name if it refuses what real servers refuse. */
class FakeOpenAiTest {
    private final FakeOpenAi fake = FakeOpenAi.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        http.close();
        fake.close();
    }

    private HttpResponse<String> post(String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions")).timeout(Duration.ofSeconds(5))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.replace('\'', '"'))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(String json, String messagePart) throws Exception {
        var response = post(json);
        assertThat(response.statusCode()).as(json).isEqualTo(400);
        var error = Json.MAPPER.readTree(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asString()).contains(messagePart);
    }

    @Test
    void aValidRequestIsAnswered() throws Exception {
        var response = post("{'model':'m','messages':[{'role':'system','content':'s'},{'role':'user','content':'hi'},"
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'c1','type':'function','function':{'name':'Read','arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'c1','content':'x'}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(FakeOpenAi.DEFAULT_TEXT);
    }

    @Test
    void malformedRequestsAreRefusedAsARealServerWould() throws Exception {
        assertRefused("{'messages':[{'role':'user','content':'hi'}]}", "model");
        assertRefused("{'model':'m','messages':[]}", "at least one message");
        assertRefused("{'model':'m','messages':[{'role':'developer2','content':'hi'}]}", "is not one of");
        assertRefused("{'model':'m','messages':[{'role':'user','content':''}]}", "must not be empty");
        assertRefused("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':''}]}]}", "must not be empty");
        assertRefused("{'model':'m','messages':[{'role':'user','content':'hi'},{'role':'tool','tool_call_id':'c1','content':'x'}]}", "preceeding message");
        assertRefused("{'model':'m','messages':[{'role':'user','content':'hi'},"
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'c1','type':'function','function':{'name':'Read','arguments':'{}'}}]},"
                + "{'role':'user','content':'next'}]}", "did not have response messages");
        assertRefused("{'model':'m','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function','function':{'name':'mcp.server.tool'}}]}",
                "does not match pattern");
        assertRefused("{'model':'m','messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function','function':{'name':'"
                + "a".repeat(65) + "'}}]}", "does not match pattern");
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/completions")).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
