package io.aismush.metering;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/** The most recent request records, in memory (bounded), newest last. Thread-safe. */
public final class RecentRecords implements Consumer<RequestRecord> {
    private final int capacity;
    private final ArrayDeque<RequestRecord> records;

    public RecentRecords(int capacity) {
        this.capacity = capacity;
        this.records = new ArrayDeque<>(capacity);
    }

    @Override
    public synchronized void accept(RequestRecord r) {
        if (records.size() == capacity) records.removeFirst();
        records.addLast(r);
    }

    public synchronized List<RequestRecord> snapshot() {
        return List.copyOf(records);
    }
}
