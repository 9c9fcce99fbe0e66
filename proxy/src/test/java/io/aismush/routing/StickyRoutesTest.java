package io.aismush.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StickyRoutesTest {
    @Test
    void aSoftSwitchWaitsUntilTheConversationDwelledOnItsProvider() {
        var sticky = new StickyRoutes(2);
        assertThat(sticky.apply("s", Decision.hard("anthropic", "initial planning"), false).provider()).isEqualTo("anthropic");
        var step1 = sticky.apply("s", Decision.soft("deepseek", "tool-loop step"), true);
        assertThat(step1.provider()).isEqualTo("anthropic");
        assertThat(step1.reason()).contains("sticky");
        assertThat(sticky.apply("s", Decision.soft("deepseek", "tool-loop step"), true).provider()).isEqualTo("deepseek");
        assertThat(sticky.apply("s", Decision.soft("deepseek", "tool-loop step"), true).provider()).isEqualTo("deepseek");
    }

    @Test
    void hardDecisionsAlwaysWin() {
        var sticky = new StickyRoutes(5);
        sticky.apply("s", Decision.soft("deepseek", "tool-loop step"), true);
        assertThat(sticky.apply("s", Decision.hard("anthropic", "error recovery"), true).provider()).isEqualTo("anthropic");
    }

    @Test
    void aNewHumanMessageIsNotHeldBack() {
        var sticky = new StickyRoutes(5);
        sticky.apply("s", Decision.hard("anthropic", "initial planning"), false);
        assertThat(sticky.apply("s", Decision.soft("deepseek", "mid-session coding"), false).provider()).isEqualTo("deepseek");
    }

    @Test
    void conversationsAreKeptApart() {
        var sticky = new StickyRoutes(5);
        sticky.apply("a", Decision.hard("anthropic", "initial planning"), false);
        assertThat(sticky.apply("b", Decision.soft("deepseek", "tool-loop step"), true).provider()).isEqualTo("deepseek");
        assertThat(sticky.apply(null, Decision.soft("deepseek", "tool-loop step"), true).provider()).isEqualTo("deepseek");
    }
}
