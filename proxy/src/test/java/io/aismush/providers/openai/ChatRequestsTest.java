package io.aismush.providers.openai;

import io.aismush.providers.Signatures;
import io.aismush.testkit.ClaudeCodeRequests;
import io.aismush.testkit.ChatRequestRules;
import io.aismush.wire.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatRequestsTest {
    private static final String PROVIDER = "local";
    private static final String MCP = "mcp__github__create_or_update_file_in_repository_with_a_very_long_descriptive_name";

    private static ObjectNode chat(String messagesRequestJson) {
        return translate(messagesRequestJson, 0).body();
    }

    private static ChatRequests.Translated translate(String json, int maxOutputTokens) {
        return ChatRequests.translate(Json.MAPPER.readTree(json.replace('\'', '"')), "qwen3-coder:30b", PROVIDER, maxOutputTokens);
    }

    private static List<JsonNode> messages(ObjectNode chat) {
        var out = new ArrayList<JsonNode>();
        chat.path("messages").forEach(out::add);
        return out;
    }

    @Test
    void systemBlocksBecomeTheFirstSystemMessage() {
        var chat = chat("{'system':[{'type':'text','text':'billing line'},{'type':'text','text':'You are Claude Code.','cache_control':{'type':'ephemeral'}}],"
                + "'messages':[{'role':'user','content':'hi'}]}");
        assertThat(messages(chat).getFirst().toString()).isEqualTo("{\"role\":\"system\",\"content\":\"billing line\\n\\nYou are Claude Code.\"}");
    }

    @Test
    void systemStringBecomesTheFirstSystemMessage() {
        var chat = chat("{'system':'Be brief.','messages':[{'role':'user','content':'hi'}]}");
        assertThat(messages(chat)).extracting(m -> m.path("role").asString()).containsExactly("system", "user");
        assertThat(messages(chat).getFirst().path("content").asString()).isEqualTo("Be brief.");
    }

    @Test
    void systemRoleMessagesInsideMessagesAreFoldedIntoTheSystemMessage() {
        var chat = chat("{'system':'Main prompt.','messages':[{'role':'user','content':'hi'},"
                + "{'role':'system','content':'Environment: linux','output_config':{'effort':'high'}},{'role':'user','content':'go on'}]}");
        assertThat(messages(chat)).extracting(m -> m.path("role").asString()).containsExactly("system", "user", "user");
        assertThat(messages(chat).getFirst().path("content").asString()).isEqualTo("Main prompt.\n\nEnvironment: linux");
    }

    @Test
    void anthropicOnlyFieldsStayBehind() {
        var chat = chat("{'model':'claude-opus-5-5','system':'s','messages':[{'role':'user','content':[{'type':'text','text':'hi','cache_control':{'type':'ephemeral'}}]}],"
                + "'metadata':{'user_id':'u'},'thinking':{'type':'adaptive'},'context_management':{'edits':[]},'output_config':{'effort':'high'},"
                + "'safeguards':{'mode':'auto','cwd':'/home/dev'},'container':'c1','mcp_servers':[{'type':'url','url':'http://x'}],'top_k':5,'max_tokens':100}");
        var keys = new ArrayList<String>();
        chat.propertyNames().forEach(keys::add);
        assertThat(keys).containsExactly("model", "messages", "max_tokens", "stream");
        assertThat(chat.toString()).doesNotContain("cache_control", "ephemeral", "/home/dev", "claude-opus");
        assertThat(chat.path("model").asString()).isEqualTo("qwen3-coder:30b");
    }

    @Test
    void base64ImagesBecomeDataUrls() {
        var chat = chat("{'messages':[{'role':'user','content':[{'type':'text','text':'What is this?'},"
                + "{'type':'image','source':{'type':'base64','media_type':'image/jpeg','data':'QUJD'}}]}]}");
        JsonNode content = messages(chat).getFirst().path("content");
        assertThat(content.get(0).toString()).isEqualTo("{\"type\":\"text\",\"text\":\"What is this?\"}");
        assertThat(content.get(1).toString()).isEqualTo("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,QUJD\"}}");
    }

    @Test
    void textOnlyUserContentIsOneStringWithoutEmptyBlocks() {
        var chat = chat("{'messages':[{'role':'user','content':[{'type':'text','text':'<system-reminder>x</system-reminder>'},"
                + "{'type':'text','text':''},{'type':'text','text':'Fix it'}]}]}");
        assertThat(messages(chat).getFirst().path("content").asString()).isEqualTo("<system-reminder>x</system-reminder>\n\nFix it");
    }

    @Test
    void assistantTextAndToolUsesBecomeOneMessageWithToolCalls() {
        var chat = chat("{'messages':[{'role':'user','content':'read both'},{'role':'assistant','content':[{'type':'text','text':'Reading.'},"
                + "{'type':'tool_use','id':'toolu_1','name':'Read','input':{'file_path':'/a','limit':5}},"
                + "{'type':'tool_use','id':'toolu_2','name':'Read','input':{'file_path':'/b'}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_1','content':'A'},{'type':'tool_result','tool_use_id':'toolu_2','content':'B'}]}]}");
        JsonNode assistant = messages(chat).get(1);
        assertThat(assistant.path("content").asString()).isEqualTo("Reading.");
        assertThat(assistant.path("tool_calls")).hasSize(2);
        assertThat(assistant.path("tool_calls").get(0).toString()).isEqualTo(
                "{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"file_path\\\":\\\"/a\\\",\\\"limit\\\":5}\"}}");
        assertThat(messages(chat).subList(2, 4)).extracting(m -> m.path("tool_call_id").asString()).containsExactly("toolu_1", "toolu_2");
    }

    @Test
    void assistantWithOnlyToolCallsHasNullContentNotEmptyText() {
        var chat = chat("{'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'text','text':''},"
                + "{'type':'tool_use','id':'t1','name':'Bash','input':{}}]},{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':'ok'}]}]}");
        JsonNode assistant = messages(chat).get(1);
        assertThat(assistant.path("content").isNull()).isTrue();
        assertThat(assistant.path("tool_calls").get(0).path("function").path("arguments").asString()).isEqualTo("{}");
    }

    @Test
    void toolResultsComeBeforeTheRestOfTheirUserMessage() {
        var chat = chat("{'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'Bash','input':{'command':'ls'}}]},"
                + "{'role':'user','content':[{'type':'text','text':'Also, hurry.'},{'type':'tool_result','tool_use_id':'t1','content':[{'type':'text','text':'a.txt'},{'type':'text','text':'b.txt'}]}]}]}");
        assertThat(messages(chat)).extracting(m -> m.path("role").asString()).containsExactly("user", "assistant", "tool", "user");
        assertThat(messages(chat).get(2).path("content").asString()).isEqualTo("a.txt\nb.txt");
        assertThat(messages(chat).get(3).path("content").asString()).isEqualTo("Also, hurry.");
    }

    @Test
    void toolErrorsAreNotedAndEmptyResultsAreNeverEmpty() {
        var chat = chat("{'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'Edit','input':{}},"
                + "{'type':'tool_use','id':'t2','name':'Bash','input':{}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','is_error':true,'content':'<tool_use_error>String to replace not found</tool_use_error>'},"
                + "{'type':'tool_result','tool_use_id':'t2','content':''}]}]}");
        assertThat(messages(chat).get(2).path("content").asString()).isEqualTo("[tool error] <tool_use_error>String to replace not found</tool_use_error>");
        assertThat(messages(chat).get(3).path("content").asString()).isEqualTo("(no output)");
    }

    @Test
    void thinkingThisProviderIssuedGoesBackAsReasoningContent() {
        String ours = Signatures.mark(PROVIDER, "");
        var chat = chat("{'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'thinking','thinking':'Let me think.','signature':'" + ours + "'},"
                + "{'type':'text','text':'Done.'}]}]}");
        assertThat(messages(chat).get(1).path("reasoning_content").asString()).isEqualTo("Let me think.");
    }

    @Test
    void thinkingOthersIssuedAndRedactedThinkingAreDropped() {
        var chat = chat("{'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'thinking','thinking':'Anthropic thought','signature':'EqQBCkgIARABGAIiQ'},"
                + "{'type':'thinking','thinking':'DeepSeek thought','signature':'" + Signatures.mark("deepseek", "") + "'},"
                + "{'type':'redacted_thinking','data':'abc'},{'type':'text','text':'Done.'}]}]}");
        assertThat(messages(chat).get(1).has("reasoning_content")).isFalse();
        assertThat(chat.toString()).doesNotContain("thought", "abc");
    }

    @Test
    void documentsBecomeANoteAndServerToolBlocksAreDropped() {
        var chat = chat("{'messages':[{'role':'user','content':[{'type':'document','title':'spec.pdf','source':{'type':'base64','media_type':'application/pdf','data':'JVBER'}},"
                + "{'type':'text','text':'Summarise.'}]},{'role':'assistant','content':[{'type':'server_tool_use','id':'srvtoolu_1','name':'web_search','input':{'query':'x'}},"
                + "{'type':'web_search_tool_result','tool_use_id':'srvtoolu_1','content':[]},{'type':'text','text':'Here.'}]}]}");
        assertThat(messages(chat).get(0).path("content").asString()).startsWith("[document omitted: spec.pdf").endsWith("Summarise.");
        assertThat(messages(chat).get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"Here.\"}");
        assertThat(chat.toString()).doesNotContain("JVBER", "srvtoolu");
    }

    @Test
    void toolsBecomeFunctionsAndServerToolsAreSkipped() {
        var chat = chat("{'messages':[{'role':'user','content':'hi'}],'tools':[{'name':'Read','description':'Reads a file','input_schema':{'type':'object','properties':{'file_path':{'type':'string'}}},"
                + "'cache_control':{'type':'ephemeral'},'defer_loading':false},{'type':'web_search_20250305','name':'web_search','max_uses':5},{'name':'NoSchema'}]}");
        assertThat(chat.path("tools")).hasSize(2);
        assertThat(chat.path("tools").get(0).toString()).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"Read\",\"description\":\"Reads a file\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"file_path\":{\"type\":\"string\"}}}}}");
        assertThat(chat.path("tools").get(1).path("function").path("parameters").toString()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
    }

    @Test
    void toolChoiceMapsAutoAnyToolAndNone() {
        String tools = ",'tools':[{'name':'Read','input_schema':{'type':'object'}}]";
        assertThat(chat("{'messages':[{'role':'user','content':'hi'}]" + tools + ",'tool_choice':{'type':'auto'}}").path("tool_choice").asString()).isEqualTo("auto");
        assertThat(chat("{'messages':[{'role':'user','content':'hi'}]" + tools + ",'tool_choice':{'type':'any'}}").path("tool_choice").asString()).isEqualTo("required");
        assertThat(chat("{'messages':[{'role':'user','content':'hi'}]" + tools + ",'tool_choice':{'type':'none'}}").path("tool_choice").asString()).isEqualTo("none");
        assertThat(chat("{'messages':[{'role':'user','content':'hi'}]" + tools + ",'tool_choice':{'type':'tool','name':'Read'}}").path("tool_choice").toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"Read\"}}");
        var noParallel = chat("{'messages':[{'role':'user','content':'hi'}]" + tools + ",'tool_choice':{'type':'auto','disable_parallel_tool_use':true}}");
        assertThat(noParallel.path("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    @Test
    void toolNamesAreMappedInToolsToolChoiceAndHistory() {
        var translated = translate("{'messages':[{'role':'user','content':'go'},{'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'" + MCP + "','input':{}}]},"
                + "{'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','content':'ok'}]}],"
                + "'tools':[{'name':'" + MCP + "','input_schema':{'type':'object'}}],'tool_choice':{'type':'tool','name':'" + MCP + "'}}", 0);
        String upstream = translated.toolNames().toUpstream(MCP);
        assertThat(upstream).matches("[a-zA-Z0-9_-]{1,64}").isNotEqualTo(MCP);
        var chat = translated.body();
        assertThat(chat.path("tools").get(0).path("function").path("name").asString()).isEqualTo(upstream);
        assertThat(chat.path("tool_choice").path("function").path("name").asString()).isEqualTo(upstream);
        assertThat(chat.path("messages").get(1).path("tool_calls").get(0).path("function").path("name").asString()).isEqualTo(upstream);
        assertThat(translated.toolNames().toClient(upstream)).isEqualTo(MCP);
        assertThat(ChatRequestRules.violation(Json.MAPPER.writeValueAsBytes(chat))).isEmpty();
    }

    @Test
    void maxTokensIsCappedAtTheProvidersOutputLimit() {
        assertThat(translate("{'messages':[{'role':'user','content':'hi'}],'max_tokens':128000}", 32768).body().path("max_tokens").asLong()).isEqualTo(32768);
        assertThat(translate("{'messages':[{'role':'user','content':'hi'}],'max_tokens':1000}", 32768).body().path("max_tokens").asLong()).isEqualTo(1000);
    }

    @Test
    void samplingParametersAndStopSequencesAreCarriedOver() {
        var chat = chat("{'messages':[{'role':'user','content':'hi'}],'temperature':0.2,'top_p':0.9,'stop_sequences':['END','']}");
        assertThat(chat.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(chat.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(chat.path("stop").toString()).isEqualTo("[\"END\"]");
    }

    @Test
    void streamingAsksForUsage() {
        var chat = chat("{'messages':[{'role':'user','content':'hi'}],'stream':true}");
        assertThat(chat.path("stream").asBoolean()).isTrue();
        assertThat(chat.path("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
        assertThat(chat("{'messages':[{'role':'user','content':'hi'}]}").has("stream_options")).isFalse();
    }

    @Test
    void aClaudeCodeRequestTranslatesToAValidChatRequest() {
        JsonNode request = Json.MAPPER.readTree(ClaudeCodeRequests.streamed(60_000));
        var chat = ChatRequests.translate(request, "qwen3-coder:30b", PROVIDER, 32768).body();
        assertThat(ChatRequestRules.violation(Json.MAPPER.writeValueAsBytes(chat))).isEmpty();
        assertThat(messages(chat).getFirst().path("content").asString()).startsWith("x-anthropic-billing-header").contains("Environment: working directory");
    }

    @Test
    void translatedPrefixIsByteStableFromTurnToTurn() {
        JsonNode turn = Json.MAPPER.readTree(ClaudeCodeRequests.streamed(60_000));
        ObjectNode next = (ObjectNode) turn.deepCopy();
        var msgs = next.withArray("messages");
        msgs.addObject().put("role", "assistant").put("content", "All green.");
        msgs.addObject().put("role", "user").put("content", "Thanks.");
        var a = ChatRequests.translate(turn, "m", PROVIDER, 0).body().path("messages");
        var b = ChatRequests.translate(next, "m", PROVIDER, 0).body().path("messages");
        assertThat(b.size()).isEqualTo(a.size() + 2);
        for (int i = 0; i < a.size(); i++) assertThat(Json.MAPPER.writeValueAsString(b.get(i))).isEqualTo(Json.MAPPER.writeValueAsString(a.get(i)));
        assertThat(Json.MAPPER.writeValueAsString(ChatRequests.translate(turn, "m", PROVIDER, 0).body()))
                .isEqualTo(Json.MAPPER.writeValueAsString(ChatRequests.translate(turn, "m", PROVIDER, 0).body()));
    }
}
