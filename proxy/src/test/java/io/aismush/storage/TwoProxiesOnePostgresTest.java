package io.aismush.storage;

import io.aismush.testing.TestProxy;
import io.aismush.testkit.AnthropicSse;
import io.aismush.testkit.Reply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A team deployment: two proxies behind a load balancer share one PostgreSQL database, and its totals stay exact. */
class TwoProxiesOnePostgresTest {
    private static final int PER_PROXY = 40;

    @Test
    void twoProxiesWritingConcurrentlyKeepExactTotals() throws Exception {
        String url = PostgresTesting.freshSchemaUrl();
        var tokens = new AnthropicSse.Tokens(100, 50, 2_000, 300, 0);
        var futures = new ArrayList<Future<Integer>>();
        try (var a = TestProxy.start(c -> c.withStorage(c.storage().withDatabaseUrl(url)));
             var b = TestProxy.start(c -> c.withStorage(c.storage().withDatabaseUrl(url)));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var p : new TestProxy[] {a, b}) {
                p.upstream.respondWith(r -> Reply.stream(AnthropicSse.textTurn("claude-opus-5-5", "ok", tokens)));
                for (int i = 0; i < PER_PROXY; i++) {
                    String session = "shared-" + (i % 3); // the same sessions through both proxies
                    byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"" + session + "\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
                    futures.add(pool.submit(() -> p.send(p.messages(body).build()).statusCode()));
                }
            }
            for (var f : futures) assertThat(f.get()).isEqualTo(200);
        } // closing both drains their writers into the database

        double each = (100 * 4 + 50 * 20 + 2_000 * 0.20 + 300 * 5) / 1e6;
        try (var c = DriverManager.getConnection(url); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT COUNT(*), SUM(cost_usd) FROM requests")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2 * PER_PROXY);
                assertThat(rs.getDouble(2)).isCloseTo(2 * PER_PROXY * each, within(1e-9));
            }
            try (var rs = st.executeQuery("SELECT SUM(requests), SUM(cost_usd), SUM(output_tokens), COUNT(*) FROM sessions")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2 * PER_PROXY);
                assertThat(rs.getDouble(2)).isCloseTo(2 * PER_PROXY * each, within(1e-9));
                assertThat(rs.getLong(3)).isEqualTo(2L * PER_PROXY * 50);
                assertThat(rs.getLong(4)).isEqualTo(3);
            }
        }
    }
}
