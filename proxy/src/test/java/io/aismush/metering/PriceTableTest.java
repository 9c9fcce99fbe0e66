package io.aismush.metering;

import io.aismush.config.ProviderSpec;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PriceTableTest {
    private final PriceTable table = PriceFiles.builtIn();

    @Test
    void aDatedOrPrefixedModelNameMatchesItsLongestFamily() {
        assertThat(table.find("claude-opus-4-5-20251101").orElseThrow().family()).isEqualTo("claude-opus-4-5");
        assertThat(table.find("claude-opus-4-1-20250805").orElseThrow().standard().input()).isEqualTo(15);
        assertThat(table.find("anthropic/claude-sonnet-4.5").orElseThrow().family()).isEqualTo("claude-sonnet-4-5");
        assertThat(table.find("claude-opus-5-5").orElseThrow().standard().cacheWrite1h()).isEqualTo(8);
        assertThat(table.find("claude-haiku-4-5-latest").orElseThrow().standard().cacheRead()).isEqualTo(0.10);
        assertThat(table.find("qwen3-coder:30b")).isEmpty();
        assertThat(table.find(null)).isEmpty();
    }

    @Test
    void deepSeeksOffPeakWindowRunsFromHalfPastFourPmToHalfPastMidnightUtc() {
        ModelPrice flash = table.find("deepseek-flash").orElseThrow();
        assertThat(flash.ratesFor(1000, Instant.parse("2026-11-20T16:30:00Z")).input()).isEqualTo(0.15);
        assertThat(flash.ratesFor(1000, Instant.parse("2026-11-21T00:29:59Z")).cacheRead()).isEqualTo(0.003);
        assertThat(flash.ratesFor(1000, Instant.parse("2026-11-21T00:30:00Z")).input()).isEqualTo(0.30);
        assertThat(flash.ratesFor(1000, Instant.parse("2026-11-20T16:29:59Z")).output()).isEqualTo(1.20);
        assertThat(flash.ratesFor(1000, Instant.parse("2026-11-20T20:00:00Z")).cacheWrite5m()).as("writes are misses").isEqualTo(0.15);
    }

    @Test
    void sonnetAbove200kTokensBillsTheWholeRequestAtTheLongContextRates() {
        ModelPrice sonnet = table.find("claude-sonnet-4-5").orElseThrow();
        assertThat(sonnet.ratesFor(200_000, Instant.now()).input()).isEqualTo(3);
        assertThat(sonnet.ratesFor(200_001, Instant.now())).isEqualTo(new Rates(6, 22.5, 7.5, 12, 0.6));
    }

    @Test
    void aLiteLlmFileOverridesTheBuiltInPrices() throws Exception {
        var file = Files.createTempFile("litellm", ".json");
        Files.writeString(file, """
                {"sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0},
                 "claude-opus-5-5": {"litellm_provider": "anthropic", "max_input_tokens": 1000000,
                   "input_cost_per_token": 4.5e-06, "output_cost_per_token": 2.25e-05,
                   "cache_creation_input_token_cost": 5.625e-06, "cache_creation_input_token_cost_above_1hr": 9e-06,
                   "cache_read_input_token_cost": 4.5e-07},
                 "bedrock/claude-opus-5-5": {"input_cost_per_token": 9e-06, "output_cost_per_token": 9e-05},
                 "my-new-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
                   "input_cost_per_token_above_200k_tokens": 2e-06, "output_cost_per_token_above_200k_tokens": 4e-06}}""");
        PriceTable t = PriceFiles.load(file, List.of());
        Rates opus = t.find("claude-opus-5-5-20261001").orElseThrow().standard();
        assertThat(opus.input()).isCloseTo(4.5, within(1e-9));
        assertThat(opus.cacheWrite5m()).isCloseTo(5.625, within(1e-9));
        assertThat(opus.cacheWrite1h()).isCloseTo(9, within(1e-9));
        assertThat(opus.cacheRead()).isCloseTo(0.45, within(1e-9));
        ModelPrice mine = t.find("my-new-model").orElseThrow();
        assertThat(mine.standard().cacheRead()).as("no cache price: priced as input, never free").isCloseTo(1, within(1e-9));
        assertThat(mine.ratesFor(300_000, Instant.now()).output()).isCloseTo(4, within(1e-9));
        assertThat(t.find("claude-haiku-4-5").orElseThrow().standard().input()).as("untouched families stay").isEqualTo(1);
        assertThat(t.source()).contains(file.toString());
    }

    @Test
    void aProvidersOwnPricesPriceWhatItServes() {
        var spec = new ProviderSpec("router", URI.create("http://127.0.0.1:1/v1"), null, "some/model", 128_000, 4096,
                Json.MAPPER.readTree("{\"input\": 1, \"output\": 2, \"cache_read\": 0.1}"));
        PriceTable t = PriceFiles.load(null, List.of(spec));
        Rates r = t.served("router", "anything").orElseThrow().standard();
        assertThat(r).isEqualTo(new Rates(1, 2, 1, 1, 0.1));
        assertThat(t.served("local", "qwen3-coder:30b")).isEmpty();
    }
}
