package io.aismush.wire;

import io.aismush.testkit.ClaudeCodeRequests;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSummaryTest {
    private static RequestSummary of(String json) {
        return RequestSummary.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsModelStreamAndUserIdOfAClaudeCodeRequest() {
        RequestSummary s = RequestSummary.of(ClaudeCodeRequests.streamed(60_000));
        assertThat(s.model()).isEqualTo("claude-opus-5-5");
        assertThat(s.stream()).isTrue();
        assertThat(s.userId()).startsWith("{\"device_id\":\"abab").contains("\"session_id\":\"0f2c7a2e-5b0e-4c1e-9a8a-1d2e3f405060\"");
        assertThat(RequestSummary.of(ClaudeCodeRequests.plain(10_000)).stream()).isFalse();
    }

    @Test
    void onlyTopLevelFieldsCount() {
        RequestSummary s = of("{\"messages\":[{\"model\":\"nested\",\"stream\":true,\"metadata\":{\"user_id\":\"nested\"}}],"
                + "\"tools\":[{\"input_schema\":{\"properties\":{\"model\":{\"type\":\"string\"}}}}],\"model\":\"claude-haiku-4-5\"}");
        assertThat(s.model()).isEqualTo("claude-haiku-4-5");
        assertThat(s.stream()).isFalse();
        assertThat(s.userId()).isNull();
    }

    @Test
    void oddlyTypedFieldsAreReadAsAbsent() {
        RequestSummary s = of("{\"model\":{\"name\":\"x\"},\"stream\":\"true\",\"metadata\":\"user\"}");
        assertThat(s.model()).isNull();
        assertThat(s.stream()).isFalse();
        assertThat(s.userId()).isNull();
        RequestSummary t = of("{\"model\":null,\"stream\":1,\"metadata\":{\"user_id\":42,\"other\":[1,{\"user_id\":\"deep\"}]}}");
        assertThat(t.model()).isNull();
        assertThat(t.stream()).isFalse();
        assertThat(t.userId()).isNull();
    }

    @Test
    void anEmptyObjectIsValid() {
        assertThat(of("{}")).isEqualTo(new RequestSummary(null, false, null));
        assertThat(of("  \n{ }\n ")).isEqualTo(new RequestSummary(null, false, null));
    }

    @Test
    void invalidBodiesAreRefusedWith400() {
        for (String bad : new String[] {"", "   ", "[]", "\"text\"", "42", "null", "{", "{\"model\":}", "{\"a\":1,}", "{} {}",
                "{}x", "{\"a\":\"unterminated}", "{'model':'single quotes'}", "{\"a\":NaN}"}) {
            assertThatThrownBy(() -> of(bad)).as(bad).isInstanceOfSatisfying(ApiError.Failure.class, f -> {
                assertThat(f.error().status()).isEqualTo(400);
                assertThat(f.error().type()).isEqualTo("invalid_request_error");
                assertThat(f.error().message()).isNotBlank();
            });
        }
    }

    @Test
    void aSyntaxErrorSaysWhere() {
        assertThatThrownBy(() -> of("{\n\"model\": \"x\",\n\"stream\": tru\n}")).isInstanceOfSatisfying(ApiError.Failure.class,
                f -> assertThat(f.error().message()).contains("line 3"));
    }

    @Test
    void nestingBeyondTheLimitIsRefused() {
        String ok = "{\"a\":" + "[".repeat(Json.MAX_NESTING - 2) + "]".repeat(Json.MAX_NESTING - 2) + "}";
        assertThat(of(ok).model()).isNull();
        String deep = "{\"a\":" + "[".repeat(Json.MAX_NESTING + 10) + "]".repeat(Json.MAX_NESTING + 10) + "}";
        assertThatThrownBy(() -> of(deep)).isInstanceOfSatisfying(ApiError.Failure.class, f -> assertThat(f.error().status()).isEqualTo(400));
    }

    @Test
    void invalidUtf8IsRefusedWithItsOffset() {
        byte[] body = "{\"model\":\"caf?\"}".getBytes(StandardCharsets.US_ASCII);
        body[13] = (byte) 0xE9; // Latin-1 é, not UTF-8
        assertThatThrownBy(() -> RequestSummary.of(body)).isInstanceOfSatisfying(ApiError.Failure.class,
                f -> assertThat(f.error().message()).contains("UTF-8").contains("13"));
    }
}
