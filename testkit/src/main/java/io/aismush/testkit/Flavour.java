package io.aismush.testkit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What one Anthropic-compatible upstream accepts in a Messages request, as data. {@link MessagesValidator} applies
 * the rules every flavour shares and reads the differences from here.
 *
 * <p>Each flavour also signs the thinking blocks its fakes issue: {@code signaturePrefix} + hex HMAC-SHA256 of the
 * thinking text under the flavour's own secret, so a fake accepts its own signatures back and rejects every
 * other flavour's, as Anthropic rejects thinking produced by DeepSeek. Immutable and thread-safe.
 *
 * @param allowSystemMessages  whether {@code role:"system"} messages may appear inside {@code messages}
 * @param strictAlternation    whether two consecutive user (or assistant) messages are an error. Anthropic's
 *                             documentation says it merges consecutive same-role turns; the fakes are strict by
 *                             default, so a proxy that emits them is caught (see {@link #mergingConsecutiveTurns()})
 * @param thinkingMustLead     whether, with thinking on, the last assistant message of the current tool loop must
 *                             start with a thinking block (Anthropic)
 * @param toolName             the names allowed for tools and tool_use blocks
 * @param rejectedBlockTypes   content block types the upstream refuses anywhere in the messages
 * @param rejectedFields       top-level body fields the upstream refuses
 * @param acceptsModel         which model names the upstream serves
 */
public record Flavour(String name, boolean allowSystemMessages, boolean strictAlternation, boolean thinkingMustLead,
                      Pattern toolName, Set<String> rejectedBlockTypes, Set<String> rejectedFields,
                      Predicate<String> acceptsModel, String signaturePrefix, String signatureSecret) {

    public static final Flavour ANTHROPIC = new Flavour("anthropic", true, true, true,
            Pattern.compile("^[a-zA-Z0-9_-]{1,128}$"), Set.of(), Set.of(),
            model -> !model.isBlank(), "sig-anthropic-", "aismush-fake-anthropic-thinking-key");

    public static final Flavour DEEPSEEK = new Flavour("deepseek", false, true, false,
            Pattern.compile("^[a-zA-Z0-9_-]{1,64}$"),
            Set.of("redacted_thinking", "document", "search_result", "server_tool_use", "web_search_tool_result",
                    "mcp_tool_use", "mcp_tool_result", "container_upload"),
            Set.of("safeguards", "mcp_servers"),
            model -> model.equals("deepseek-flash") || model.equals("deepseek-v4-pro") || model.startsWith("claude"),
            "ds-", "aismush-fake-deepseek-thinking-key");

    /** The same flavour, but consecutive same-role messages are accepted (Anthropic's documented merging). */
    public Flavour mergingConsecutiveTurns() {
        return new Flavour(name, allowSystemMessages, false, thinkingMustLead, toolName, rejectedBlockTypes, rejectedFields,
                acceptsModel, signaturePrefix, signatureSecret);
    }

    /** The signature this flavour's fakes issue for a thinking block with this text. */
    public String sign(String thinking) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signatureSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signaturePrefix + HexFormat.of().formatHex(mac.doFinal(thinking.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether this flavour issued {@code signature} for exactly this thinking text. */
    public boolean issued(String signature, String thinking) {
        return sign(thinking).equals(signature);
    }

    @Override
    public String toString() {
        return name;
    }
}
