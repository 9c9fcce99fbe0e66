package io.aismush.lifecycle;

import io.aismush.metering.Bill;
import io.aismush.metering.BilledRecord;
import io.aismush.metering.RequestRecord;
import io.aismush.storage.RecordWriter;
import io.aismush.wire.Usage;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database writer's memory is bounded: during an outage it keeps up to its capacity (plus the batch it is
 * retrying), counts every record beyond that as lost, and stores what it kept, in order and once, when the database
 * is back.
 */
class RecordWriterBoundTest {
    /** A database that can be switched off: while down every write fails as a refused connection does. */
    private static final class SwitchableDatabase implements RecordWriter.BatchWrite {
        final List<String> stored = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean down;

        @Override
        public void write(List<BilledRecord> batch) throws SQLException {
            attempts.incrementAndGet();
            if (down) throw new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
            batch.forEach(b -> stored.add(b.record().id()));
        }
    }

    private static BilledRecord record(int i) {
        var r = new RequestRecord("r" + i, Instant.now(), "/v1/messages", "anthropic", "claude-opus-5-5", "claude-opus-5-5", true, 200,
                RequestRecord.Outcome.COMPLETED, null, "end_turn", new Usage(10, 5, 0, 0, 0), 5, 10, "s", null, null);
        return new BilledRecord(r, new Bill(0.001, 0.001, 0, 0, true));
    }

    @Test
    void anOutageLongerThanTheBoundKeepsTheBoundCountsTheRestAsLostAndStoresWhatItKept() {
        var db = new SwitchableDatabase();
        db.down = true;
        var writer = new RecordWriter(db, 100, Duration.ofMillis(200));
        writer.accept(record(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> db.attempts.get() >= 2); // record 0 is the batch being retried
        for (int i = 1; i <= 250; i++) writer.accept(record(i));
        assertThat(writer.lost()).as("beyond the bound of 100 queued").isEqualTo(150);
        assertThat(writer.pending()).isEqualTo(101);
        assertThat(db.stored).isEmpty();

        db.down = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.written() == 101);
        writer.close();
        assertThat(db.stored).as("kept in arrival order, each once").containsExactlyElementsOf(
                IntStream.rangeClosed(0, 100).mapToObj(i -> "r" + i).toList());
        assertThat(writer.lost()).isEqualTo(150);
        assertThat(writer.written() + writer.lost()).isEqualTo(251);
        assertThat(writer.failedAttempts()).isPositive();
    }

    @Test
    void retriesBackOffUpToTheirCeilingInsteadOfSpinning() throws Exception {
        var db = new SwitchableDatabase();
        db.down = true;
        var writer = new RecordWriter(db, 100, Duration.ofMillis(400));
        writer.accept(record(0));
        Thread.sleep(3_000);
        // 100, 200, 400, 400, ... ms between attempts: about nine in three seconds, never hundreds
        assertThat(db.attempts.get()).isBetween(4, 12);
        db.down = false;
        await().atMost(Duration.ofSeconds(2)).until(() -> writer.written() == 1);
        writer.close();
        assertThat(writer.lost()).isZero();
    }
}
