package io.aismush.lifecycle;

import io.aismush.storage.PostgresTesting;
import io.aismush.testing.TestProxy;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away for a while (every connection reset, new ones refused) while requests flow, then comes back:
 * answers never wait for it, the records of the outage are kept and stored once it is back, none twice, and the
 * session totals still add up.
 */
class PostgresOutageTest {
    private TestProxy proxy;
    private Cable cable;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (cable != null) cable.close();
    }

    private long turn(String session, int i) {
        byte[] body = ("{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"turn " + i
                + "\"}],\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"" + session + "\\\"}\"}}").getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        var response = proxy.send(proxy.messages(body).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop");
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    private JsonNode stats() {
        return Json.MAPPER.readTree(proxy.get("/stats").body());
    }

    @Test
    void postgresGoneForEightSecondsHoldsUpNoAnswerAndLosesNoRecord() throws Exception {
        String direct = PostgresTesting.freshSchemaUrl();
        var m = Pattern.compile("//([^:/]+):(\\d+)/").matcher(direct);
        assertThat(m.find()).as("a host:port in %s", direct).isTrue();
        cable = new Cable(Integer.parseInt(m.group(2)));
        String url = direct.substring(0, m.start()) + "//127.0.0.1:" + cable.port() + "/" + direct.substring(m.end());
        proxy = TestProxy.start(c -> c.withStorage(c.storage().withDatabaseUrl(url)));

        var before = new ArrayList<Long>();
        for (int i = 0; i < 10; i++) before.add(turn("outage", i));
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.server.recordWriter().written() == 10);

        cable.cut();
        long cutAt = System.nanoTime();
        var during = new ArrayList<Long>();
        for (int i = 10; i < 40; i++) during.add(turn("outage", i));
        long newSession = turn("outage-new-session", 40); // its memories cannot be read: bounded by the retrieval timeout
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.server.recordWriter().failedAttempts() > 0);
        long statsStart = System.nanoTime();
        JsonNode outage = stats();
        long statsMillis = Duration.ofNanos(System.nanoTime() - statsStart).toMillis();
        assertThat(outage.path("records_pending").asLong()).isEqualTo(31);
        assertThat(outage.path("records_lost").asLong()).isZero();
        assertThat(outage.path("storage").path("healthy").asBoolean(true)).isFalse();
        assertThat(statsMillis).as("/stats does not wait for the database").isLessThan(2_000);
        Thread.sleep(Math.max(0, 8_000 - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));
        cable.restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.server.recordWriter().written() == 41);
        assertThat(proxy.server.recordWriter().lost()).isZero();
        assertThat(stats().path("storage").path("last_error").isNull()).isTrue();
        try (var c = DriverManager.getConnection(direct); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT id), (SELECT SUM(requests) FROM sessions) FROM requests")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(41);
            assertThat(rs.getLong(2)).as("no record stored twice").isEqualTo(41);
            assertThat(rs.getLong(3)).as("session totals count exactly the stored requests").isEqualTo(41);
        }

        Collections.sort(before);
        Collections.sort(during);
        System.out.printf("postgres outage: turn latency before p50 %d ms max %d ms; during p50 %d ms max %d ms; "
                        + "first turn of a new session during the outage %d ms; /stats during the outage %d ms%n",
                before.get(before.size() / 2), before.getLast(), during.get(during.size() / 2), during.getLast(), newSession, statsMillis);
        assertThat(during.getLast()).as("no turn waits for the database").isLessThan(1_000);
        assertThat(newSession).isLessThan(1_500);
    }
}
