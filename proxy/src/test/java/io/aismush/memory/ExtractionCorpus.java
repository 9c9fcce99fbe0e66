package io.aismush.memory;

import java.util.List;

/**
 * Labelled texts written for the extraction test: what the assistant and the human say in Claude Code sessions.
 * {@code kind} is what a careful person would remember it as, or null for chatter and one-off instructions.
 */
final class ExtractionCorpus {
    private ExtractionCorpus() {}

    record Item(boolean human, Kind kind, String text) {}

    private static Item a(Kind kind, String text) {
        return new Item(false, kind, text);
    }

    private static Item h(Kind kind, String text) {
        return new Item(true, kind, text);
    }

    static final List<Item> ITEMS = List.of(
            // ---- assistant: decisions ----
            a(Kind.DECISION, "We decided to store discount codes in their own table rather than as a column on orders."),
            a(Kind.DECISION, "I chose Caffeine over a hand-written LRU map because it already handles expiry and weights."),
            a(Kind.DECISION, "Going with optimistic locking on the cart row; pessimistic locks deadlocked under load."),
            a(Kind.DECISION, "The plan is to keep the public API unchanged and deprecate applyDiscount in the next release."),
            a(Kind.DECISION, "We'll use Flyway for every schema change, so the SQLite and PostgreSQL schemas never drift."),
            a(Kind.DECISION, "Decision: prices are stored as integer cents, never as floating point."),
            a(Kind.DECISION, "I opted for a sealed interface for payment methods instead of an enum with switch statements."),
            a(Kind.DECISION, "Settled on JUnit 5 parameterised tests for the tax table instead of one test per country."),
            a(Kind.DECISION, "Use records for the wire types rather than Lombok-generated classes; the build stays plugin-free."),
            a(Kind.DECISION, "We agreed to return 409 for a duplicate discount code instead of silently overwriting it."),
            a(Kind.DECISION, "Plan: a DiscountCode record (code, percent, expiry), Cart.applyDiscount(DiscountCode), and a POST endpoint."),
            a(Kind.DECISION, "The session cache is keyed by session id in favour of the user id, because one user runs several sessions."),
            // ---- assistant: fixes and root causes ----
            a(Kind.FIX, "The root cause was a Thread.sleep(3000) left in CheckoutService while waiting for the stock service."),
            a(Kind.FIX, "The bug was an off-by-one in the pagination cursor: the last row of each page was skipped."),
            a(Kind.FIX, "Tests were failing because the clock in OrderTest used the system time zone instead of UTC."),
            a(Kind.FIX, "The timeout was caused by the HTTP client reusing a connection the server had already closed."),
            a(Kind.FIX, "Fixed it by closing the ResultSet in a try-with-resources block; the pool was running out of connections."),
            a(Kind.FIX, "The problem was that the discount was applied twice, once in Cart.total and again in CheckoutService."),
            a(Kind.FIX, "It turned out the migration ran before the schema existed, so Flyway baselined an empty database."),
            a(Kind.FIX, "The crash came from a null shipping address on guest orders; the fix is a default address record."),
            a(Kind.FIX, "The flaky test failed because two tests shared the same temporary directory."),
            a(Kind.FIX, "The memory leak was caused by listeners registered on every request and never removed."),
            a(Kind.FIX, "The culprit is the regex in the log parser, which backtracks catastrophically on long lines."),
            a(Kind.FIX, "Resolved by pinning jackson-databind to 2.17; 2.18 changed how empty beans serialise."),
            // ---- assistant: conventions ----
            a(Kind.CONVENTION, "The project uses Spotless with google-java-format, so run mvn spotless:apply before committing."),
            a(Kind.CONVENTION, "Integration tests live in src/it and are named after the rule they check."),
            a(Kind.CONVENTION, "By convention every controller returns a Problem Details body for errors."),
            a(Kind.CONVENTION, "Database columns must always be snake_case; the entity fields stay camelCase."),
            a(Kind.CONVENTION, "The codebase keeps one public class per package-info boundary and hides the rest."),
            a(Kind.CONVENTION, "Feature flags are kept in config/flags.yaml and read once at startup."),
            a(Kind.CONVENTION, "Commit messages follow the Conventional Commits style with a scope, such as fix(cart)."),
            // ---- assistant: facts ----
            a(Kind.FACT, "The API runs on port 8081 locally; 8080 is taken by the admin console."),
            a(Kind.FACT, "Session data is stored in Redis with a 30-minute TTL."),
            a(Kind.FACT, "The build requires Java 21; the toolchain plugin refuses anything older."),
            a(Kind.FACT, "The checkout service depends on the stock service for reservations."),
            a(Kind.FACT, "The staging database is hosted on the shared PostgreSQL 16 cluster."),
            // ---- assistant: changes ----
            a(Kind.CHANGE, "Implemented discount codes: DiscountCode, Cart.total(DiscountCode), the checkout endpoint, and tests."),
            a(Kind.CHANGE, "Renamed applyDiscount to applyCode in three files; tests pass."),
            a(Kind.CHANGE, "Added a retry with exponential backoff to the payment gateway client."),
            a(Kind.CHANGE, "Removed the blocking wait from checkout and committed the change."),
            a(Kind.CHANGE, "Migrated the order tables from MySQL 5.7 to PostgreSQL with a one-off script."),
            a(Kind.CHANGE, "Upgraded Spring Boot from 3.2 to 3.4 and fixed the two deprecated properties."),
            // ---- human: preferences and conventions ----
            h(Kind.PREFERENCE, "Always answer in English, even when I write in German."),
            h(Kind.PREFERENCE, "Never use emojis in commit messages or code comments."),
            h(Kind.PREFERENCE, "I prefer small commits with one logical change each."),
            h(Kind.PREFERENCE, "From now on, run the full test suite before you tell me something works."),
            h(Kind.PREFERENCE, "Please don't add new dependencies without asking me first."),
            h(Kind.PREFERENCE, "I prefer tabs over spaces, and a line length of 100."),
            h(Kind.CONVENTION, "We use pnpm in this repo, not npm or yarn."),
            h(Kind.CONVENTION, "In this project we name test methods after the rule they check."),
            h(Kind.CONVENTION, "We never merge to main without a green CI run."),
            h(Kind.CONVENTION, "Our convention is one migration file per pull request."),
            h(Kind.PREFERENCE, "Always use AssertJ rather than JUnit's assertEquals in new tests."),
            h(Kind.CONVENTION, "We keep secrets in 1Password and never in .env files."),
            // ---- assistant: chatter, narration, questions ----
            a(null, "I'll read the file first to understand the structure."),
            a(null, "Let me check the test output."),
            a(null, "Now let me look at how CheckoutService calls the stock service."),
            a(null, "Let me run the tests again to make sure everything passes."),
            a(null, "I'm going to search for every caller of applyDiscount."),
            a(null, "Great, the tests pass now."),
            a(null, "Next: Read."),
            a(null, "Looking at the stack trace, the failure is in CartTest."),
            a(null, "Okay, I have a good picture of the codebase now."),
            a(null, "Should I also update the README with the new endpoint?"),
            a(null, "Here's the updated version of the method:"),
            a(null, "I need to see the rest of the file before editing it."),
            a(null, "Perfect! All 42 tests pass."),
            a(null, "Let's start by listing the Java sources."),
            a(null, "First, let me understand how the cart computes its total."),
            a(null, "Checking the git status before committing."),
            a(null, "I see the issue now."),
            a(null, "Running mvn -q test to verify the change."),
            a(null, "Done."),
            a(null, "Sure, I can help with that."),
            a(null, "Thanks for the clarification."),
            a(null, "Interesting, the test passes locally but not in CI."),
            a(null, "I'll now apply the same change to the other two files."),
            a(null, "Would you like me to commit these changes?"),
            a(null, "This is a large file; I'll read it in parts."),
            a(null, "The file has been updated."),
            a(null, "Step 4: running Bash."),
            a(null, "Let me think about the best approach here."),
            a(null, "I've read CheckoutService.java and Cart.java."),
            a(null, "Good plan overall, with a couple of small caveats below."),
            a(null, "All set, the change is in place."),
            a(null, "I can see three callers of this method."),
            a(null, "Here is a summary of what I did:"),
            a(null, "Alright, moving on to the controller."),
            a(null, "The output is long, so here are the important lines."),
            a(null, "That looks right to me."),
            a(null, "It compiles now."),
            a(null, "Hmm, that didn't work as expected."),
            a(null, "Let me grep for the old name to make sure nothing is left."),
            a(null, "Now the cart total includes the discount."),
            a(null, "I notice the test uses a fixed date."),
            a(null, "The method is about forty lines long."),
            // ---- human: instructions, questions, chatter ----
            h(null, "Good plan. Implement it."),
            h(null, "Rename applyDiscount to applyCode everywhere."),
            h(null, "Why does checkout take three seconds? Investigate and debug it."),
            h(null, "Thanks, that works!"),
            h(null, "Can you explain what this function does?"),
            h(null, "Fix the failing test in CartTest."),
            h(null, "Never mind, revert that last change."),
            h(null, "Plan how to add discount codes to the checkout service."),
            h(null, "Show me the diff before you commit."),
            h(null, "What does the stock service return when an item is sold out?"),
            h(null, "Add a README section for the new endpoint."),
            h(null, "ok"),
            h(null, "Looks good to me, commit it."),
            h(null, "Write a test for the discount expiry."),
            h(null, "Hmm, try a different approach this time."));
}
