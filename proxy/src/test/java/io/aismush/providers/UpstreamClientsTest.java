package io.aismush.providers;

import io.aismush.pipeline.RequestBody;
import io.aismush.pipeline.UpstreamResponse;
import io.aismush.testkit.FakeUpstream;
import io.aismush.wire.ApiError;
import io.aismush.wire.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain http and https go through clients of their own; the plain one never does TLS. */
class UpstreamClientsTest {
    private static final byte[] BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private final FakeUpstream fake = FakeUpstream.start();
    private final Upstream upstream = new Upstream(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        upstream.close();
        fake.close();
    }

    private UpstreamResponse send(URI base) throws Exception {
        return upstream.send("anthropic", base.resolve("/v1/messages"), "POST", new RequestBody(BODY.clone()),
                Headers.of("content-type", "application/json", "x-api-key", "test-key"));
    }

    @Test
    void aPreparedPlainHttpUpstreamAnswers() throws Exception {
        upstream.willSendTo(fake.baseUrl());
        upstream.prepare();
        UpstreamResponse response = send(fake.baseUrl());
        response.body().close();
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void anUnpreparedUpstreamIsServedByItsFirstRequest() throws Exception {
        UpstreamResponse response = send(fake.baseUrl());
        response.body().close();
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void httpsGoesThroughTlsNotThePlainClient() {
        // a plain http server behind an https URL: the TLS handshake fails, which only the TLS client attempts
        URI https = URI.create("https://127.0.0.1:" + fake.port());
        upstream.willSendTo(https);
        upstream.prepare();
        assertThatThrownBy(() -> send(https))
                .isInstanceOfSatisfying(ApiError.Failure.class, f -> assertThat(f.getMessage()).doesNotContain("plain http only"))
                .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void thePlainClientsTlsContextRefusesEveryUse() {
        var context = NoTls.context();
        assertThatThrownBy(context::createSSLEngine).hasMessageContaining("plain http only");
        assertThatThrownBy(() -> context.createSSLEngine("example.com", 443)).hasMessageContaining("plain http only");
        assertThatThrownBy(context::getSocketFactory).hasMessageContaining("plain http only");
        assertThatThrownBy(() -> context.init(null, null, null)).hasMessageContaining("plain http only");
    }
}
