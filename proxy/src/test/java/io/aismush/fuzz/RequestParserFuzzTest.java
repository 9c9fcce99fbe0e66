package io.aismush.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aismush.context.TokenEstimator;
import io.aismush.routing.TurnFeatures;
import io.aismush.routing.TurnScanner;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import io.aismush.wire.Json;
import io.aismush.wire.RequestSummary;
import io.aismush.wire.Utf8;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the proxy reads of a client's {@code /v1/messages} body, fed arbitrary bytes: the UTF-8 check, the validating
 * summary ({@link RequestSummary}) and the routing scan ({@link TurnScanner}). Seeds are Claude Code-shaped bodies.
 */
class RequestParserFuzzTest {
    private static final TurnScanner SCANNER = new TurnScanner(TokenEstimator.standard());
    private static final Headers HEADERS = Headers.of("content-type", "application/json", "x-claude-code-session-id", "fuzz-session");

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsEitherSummarisedOrRefusedAsAnInvalidRequest(byte[] body) {
        int bad = Utf8.firstInvalid(body);
        assertThat(bad).as("strict UTF-8 check agrees with the JDK's decoder").isEqualTo(firstInvalidByJdk(body));

        RequestSummary summary;
        try {
            summary = RequestSummary.of(body);
        } catch (ApiError.Failure refused) {
            assertThat(refused.error().status()).isEqualTo(400);
            assertThat(refused.error().type()).isEqualTo("invalid_request_error");
            assertThat(new String(refused.error().toJson(), StandardCharsets.UTF_8)).startsWith("{\"type\":\"error\"");
            scanDoesNotThrow(body);
            return;
        }
        // Accepted: it is one valid JSON object, and the summary says what the tree says.
        assertThat(bad).isEqualTo(-1);
        JsonNode tree = Json.MAPPER.readTree(body);
        assertThat(tree.isObject()).isTrue();
        assertThat(summary.model()).isEqualTo(tree.path("model").isString() ? tree.path("model").asString() : null);
        assertThat(summary.stream()).isEqualTo(tree.path("stream").isBoolean() && tree.path("stream").booleanValue());
        JsonNode userId = tree.path("metadata").path("user_id");
        assertThat(summary.userId()).isEqualTo(tree.path("metadata").isObject() && userId.isString() ? userId.asString() : null);

        TurnFeatures features = scanDoesNotThrow(body);
        assertThat(features.modelRequested()).isEqualTo(summary.model());
    }

    private static TurnFeatures scanDoesNotThrow(byte[] body) {
        TurnFeatures features = SCANNER.scan(body, HEADERS); // must never throw, whatever the bytes
        assertThat(features).isNotNull();
        assertThat(features.estimatedTokens()).isNotNegative();
        return features;
    }

    /** The offset where the JDK's strict decoder finds the first malformed sequence, or -1. */
    private static int firstInvalidByJdk(byte[] body) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : -1; // on an error the input stands at the malformed sequence
    }
}
