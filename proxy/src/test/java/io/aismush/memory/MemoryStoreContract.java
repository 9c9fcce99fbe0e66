package io.aismush.memory;

import io.aismush.config.MemorySettings;
import io.aismush.config.StorageSettings;
import io.aismush.storage.Store;
import io.aismush.wire.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory store's rules, run on SQLite and on PostgreSQL. */
abstract class MemoryStoreContract {
    static final String SHOP = "/home/dev/shop";
    static final String BLOG = "/home/dev/blog";

    @TempDir
    Path dataDir;
    Store store;
    JdbcMemoryStore memories;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));

    abstract StorageSettings freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = new Store(freshDatabase(), dataDir);
        memories = new JdbcMemoryStore(store);
    }

    @AfterEach
    void close() {
        if (store != null) store.close(); // null when the database was skipped (no PostgreSQL here)
    }

    private long remember(String project, Kind kind, String text, double importance) throws Exception {
        return memories.remember(project, new Candidate(kind, text, importance, false), "s1", clock.instant());
    }

    @Test
    void nearIdenticalMemoriesUpdateTheExistingOneInsteadOfAddingAnother() throws Exception {
        long first = remember(SHOP, Kind.DECISION, "We store prices as integer cents.", 0.6);
        clock.advance(Duration.ofHours(1));
        long second = remember(SHOP, Kind.DECISION, "we store prices as  integer cents!", 0.8);
        assertThat(second).isEqualTo(first);
        List<Memory> all = memories.list(SHOP, 10);
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().importance()).isEqualTo(0.8);
        assertThat(all.getFirst().updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void memoriesStayInTheirProjectWhileGlobalPreferencesApplyEverywhere() throws Exception {
        remember(SHOP, Kind.DECISION, "Discount codes live in their own table.", 0.8);
        memories.remember(SHOP, new Candidate(Kind.PREFERENCE, "Never use emojis in commit messages.", 0.8, true), "s1", clock.instant());
        assertThat(memories.search(BLOG, "discount codes table", 50)).extracting(f -> f.memory().text())
                .containsExactly("Never use emojis in commit messages.");
        assertThat(memories.search(SHOP, "discount codes table", 50)).hasSize(2);
    }

    @Test
    void aMemoryRelevantToTheNewPromptOutranksANewerIrrelevantOne() throws Exception {
        remember(SHOP, Kind.FIX, "Checkout was slow because of a Thread.sleep waiting for the stock service.", 0.7);
        clock.advance(Duration.ofDays(3));
        remember(SHOP, Kind.FIX, "The flaky login test failed because two tests shared a temporary directory.", 0.7);
        var ranked = new Ranker(Duration.ofDays(14)).rank(memories.search(SHOP, "Why is checkout slow again? The stock service seems fine.", 50), clock.instant());
        assertThat(ranked.getFirst().memory().text()).startsWith("Checkout was slow");
        assertThat(ranked.getFirst().score()).isGreaterThan(ranked.get(1).score());
    }

    @Test
    void observationsDecayFasterThanDecisionsAndPreferences() throws Exception {
        remember(SHOP, Kind.CHANGE, "Renamed applyDiscount to applyCode in three files.", 0.5);
        remember(SHOP, Kind.DECISION, "Prices are stored as integer cents, never as floating point.", 0.5);
        var ranker = new Ranker(Duration.ofDays(14));
        clock.advance(Duration.ofDays(14));
        var byKind = memories.list(SHOP, 10);
        Memory change = byKind.stream().filter(m -> m.kind() == Kind.CHANGE).findFirst().orElseThrow();
        Memory decision = byKind.stream().filter(m -> m.kind() == Kind.DECISION).findFirst().orElseThrow();
        assertThat(ranker.recency(change, clock.instant())).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.001));
        assertThat(ranker.recency(decision, clock.instant())).isCloseTo(Math.pow(0.5, 0.25), org.assertj.core.data.Offset.offset(0.001));
        assertThat(ranker.rank(memories.search(SHOP, "", 10), clock.instant()).getFirst().memory().kind()).isEqualTo(Kind.DECISION);
    }

    @Test
    void lowImportanceObservationsExpireWhenUnusedButDecisionsAndPreferencesPersist() throws Exception {
        var service = new Memories(memories, MemorySettings.defaults(), clock, Duration.ofSeconds(5));
        try {
            remember(SHOP, Kind.CHANGE, "Changed src/Cart.java", 0.2);
            remember(SHOP, Kind.DECISION, "Discount codes live in their own table.", 0.8);
            memories.remember(SHOP, new Candidate(Kind.PREFERENCE, "Never use emojis in commit messages.", 0.75, true), null, clock.instant());
            clock.advance(Duration.ofDays(29));
            assertThat(service.expireNow()).isZero();
            clock.advance(Duration.ofDays(2));
            assertThat(service.expireNow()).isEqualTo(1);
            assertThat(memories.list(null, 10)).extracting(Memory::kind).containsExactlyInAnyOrder(Kind.DECISION, Kind.PREFERENCE);
            assertThat(memories.search(SHOP, "cart java", 10)).noneMatch(f -> f.memory().kind() == Kind.CHANGE);
        } finally {
            service.close();
        }
    }

    @Test
    void aSessionGetsItsBlockOnceAndAccessCountsRiseOncePerSession() throws Exception {
        remember(SHOP, Kind.DECISION, "Discount codes live in their own table.", 0.8);
        var service = new Memories(memories, MemorySettings.defaults(), clock, Duration.ofSeconds(5));
        try {
            byte[] body = body("Add an expiry date to discount codes.");
            var layout = BodyLayout.of(body);
            Memories.Session first = service.session("sess-1", body, layout);
            clock.advance(Duration.ofMinutes(1));
            remember(SHOP, Kind.DECISION, "Discount codes are case-insensitive.", 0.9); // new, but the session's block is fixed
            for (int i = 0; i < 5; i++) assertThat(service.session("sess-1", body, layout).block()).isEqualTo(first.block());
            assertThat(new String(first.block(), StandardCharsets.UTF_8)).contains("Discount codes live in their own table.")
                    .doesNotContain("case-insensitive").doesNotContain("cache_control");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> memories.sessionBlock("sess-1").isPresent()
                    && memories.list(SHOP, 10).stream().anyMatch(m -> m.accessCount() == 1));
            assertThat(memories.list(SHOP, 10)).filteredOn(m -> m.text().contains("own table")).extracting(Memory::accessCount).containsExactly(1L);
        } finally {
            service.close();
        }
    }

    @Test
    void theFirstStoredSessionBlockWins() throws Exception {
        assertThat(memories.saveSessionBlock("s", SHOP, "first", clock.instant())).isEqualTo("first");
        assertThat(memories.saveSessionBlock("s", SHOP, "second", clock.instant())).isEqualTo("first");
    }

    @Test
    void deletingAndClearingRemoveMemoriesAndTheirSearchEntries() throws Exception {
        long id = remember(SHOP, Kind.FACT, "The API runs on port 8081 locally.", 0.45);
        remember(BLOG, Kind.FACT, "The blog is hosted on the static site bucket.", 0.45);
        assertThat(memories.delete(id)).isTrue();
        assertThat(memories.delete(id)).isFalse();
        assertThat(memories.search(SHOP, "api port", 10)).isEmpty();
        assertThat(memories.clear(BLOG)).isEqualTo(1);
        assertThat(memories.list(null, 10)).isEmpty();
    }

    static byte[] body(String firstPrompt) {
        var root = Json.MAPPER.createObjectNode().put("model", "claude-opus-5-5");
        var messages = root.putArray("messages");
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "text").put("text", firstPrompt);
        messages.addObject().put("role", "system").put("content", "# Environment\nPrimary working directory: " + SHOP + "\nPlatform: linux");
        root.putArray("system").addObject().put("type", "text").put("text", "You are Claude Code.");
        return Json.MAPPER.writeValueAsBytes(root);
    }
}
