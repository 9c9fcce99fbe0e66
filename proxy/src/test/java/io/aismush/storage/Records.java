package io.aismush.storage;

import io.aismush.metering.Bill;
import io.aismush.metering.BilledRecord;
import io.aismush.metering.RequestRecord;
import io.aismush.wire.Usage;

import java.time.Instant;

/** Billed records for storage tests. */
final class Records {
    private Records() {}

    static BilledRecord billed(String id, Instant at, String session, String provider, String model, long output, double cost, double baseline) {
        var r = new RequestRecord(id, at, "/v1/messages", provider, "claude-opus-5-5", model, true, 200,
                RequestRecord.Outcome.COMPLETED, null, "end_turn", new Usage(10, output, 1000, 100, 0), 12.5, 40.0, session,
                "test", null).withClient("claude-cli/2.1.330", "/home/dev/" + session);
        return new BilledRecord(r, new Bill(cost, baseline, baseline - cost, 0, true));
    }
}
