package io.aismush.providers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ToolNamesTest {
    private static final String LONG_MCP = "mcp__github__create_or_update_file_in_repository_with_a_very_long_descriptive_name";
    private static final String LONG_MCP_2 = "mcp__github__create_or_update_file_in_repository_with_a_very_long_descriptive_name_v2";
    private static final List<String> CLAUDE_CODE = List.of("Bash", "Read", "Edit", "Write", "Glob", "Grep", "TodoWrite", "WebFetch",
            LONG_MCP, LONG_MCP_2, "mcp__filesystem__read.file", "mcp__my server__list files", "résumé_tool", "");

    @Test
    void validNamesMapToThemselves() {
        var names = ToolNames.forRequest(CLAUDE_CODE);
        for (String n : List.of("Bash", "Read", "TodoWrite", "mcp__github__short", "a-b_c")) {
            assertThat(names.toUpstream(n)).isEqualTo(n);
            assertThat(names.toClient(n)).isEqualTo(n);
        }
    }

    @Test
    void everyUpstreamNameIsValidAndMapsBackToItsOriginal() {
        var names = ToolNames.forRequest(CLAUDE_CODE);
        for (String original : CLAUDE_CODE) {
            String upstream = names.toUpstream(original);
            assertThat(upstream).matches("[a-zA-Z0-9_-]{1,64}");
            assertThat(names.toClient(upstream)).isEqualTo(original);
        }
    }

    @Test
    void longMcpNamesKeepAReadablePrefixAndDoNotCollide() {
        var names = ToolNames.forRequest(CLAUDE_CODE);
        String a = names.toUpstream(LONG_MCP);
        String b = names.toUpstream(LONG_MCP_2);
        assertThat(LONG_MCP.length()).isGreaterThan(64);
        assertThat(a).hasSize(64).startsWith("mcp__github__create_or_update_file");
        assertThat(a).isNotEqualTo(b);
        var all = new HashSet<String>();
        for (String original : CLAUDE_CODE) all.add(names.toUpstream(original));
        assertThat(all).hasSize(CLAUDE_CODE.size());
    }

    @Test
    void mappingIsAPureFunctionOfTheSetOfNames() {
        var reversed = new ArrayList<>(CLAUDE_CODE);
        java.util.Collections.reverse(reversed);
        reversed.add("Read"); // duplicates change nothing
        var first = ToolNames.forRequest(CLAUDE_CODE);
        var second = ToolNames.forRequest(reversed);
        for (String original : CLAUDE_CODE) assertThat(second.toUpstream(original)).isEqualTo(first.toUpstream(original));
    }

    @Test
    void aRenamedToolNeverTakesTheNameOfAValidToolInTheSameRequest() {
        String invalid = "my.tool";
        String wouldBe = ToolNames.forRequest(List.of(invalid)).toUpstream(invalid);
        var names = ToolNames.forRequest(List.of(invalid, wouldBe));
        assertThat(names.toUpstream(wouldBe)).isEqualTo(wouldBe);
        assertThat(names.toUpstream(invalid)).isNotEqualTo(wouldBe).matches("[a-zA-Z0-9_-]{1,64}");
        assertThat(names.toClient(names.toUpstream(invalid))).isEqualTo(invalid);
        assertThat(names.toClient(wouldBe)).isEqualTo(wouldBe);
    }

    @Test
    void namesTheUpstreamInventedComeBackUnchanged() {
        var names = ToolNames.forRequest(List.of("Read"));
        assertThat(names.toClient("made_up_tool")).isEqualTo("made_up_tool");
    }

    @Test
    void unlistedNamesAreRenamedByTheSameRule() {
        assertThat(ToolNames.forRequest(List.of()).toUpstream("a.b")).isEqualTo(ToolNames.forRequest(List.of("a.b")).toUpstream("a.b"));
    }
}
