package io.aismush.metering;

import io.aismush.wire.Usage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeNamesTest {
    @Test
    void outcomesAreNamedTheSameInATurkishLocale() {
        // Turkish lower-cases I to a dotless ı: "CLIENT_CLOSED" would become "clıent_closed" in the stats and metrics
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            var stats = new LiveStats();
            stats.accept(new RequestRecord("r1", Instant.EPOCH, "/v1/messages", "anthropic", "claude-opus-5-5", null, true, 200,
                    RequestRecord.Outcome.CLIENT_CLOSED, null, null, new Usage(0, 0, 0, 0, 0), 1, 2, null, null, null));
            @SuppressWarnings("unchecked")
            var byOutcome = (Map<String, Object>) stats.snapshot().get("by_outcome");
            assertThat(byOutcome).containsOnlyKeys("client_closed");
        } finally {
            Locale.setDefault(before);
        }
    }
}
