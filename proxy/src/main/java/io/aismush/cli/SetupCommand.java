package io.aismush.cli;

import io.aismush.config.Config;
import io.aismush.config.HomeConfigFile;
import io.aismush.wire.Json;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code aismush setup}: configures the providers aismush may route to — DeepSeek, OpenRouter, any OpenAI-compatible
 * URL, and model servers found on this machine — each with a connection test and its model list, then writes
 * {@code apiKey}, {@code providers} and {@code cheapProvider} into the home config (mode 0600, other keys kept).
 * Reads answers from the terminal, or line by line from stdin (scripts, tests).
 */
@Command(name = "setup", description = "Configure providers interactively: DeepSeek, OpenRouter, any OpenAI-compatible URL, local servers.")
final class SetupCommand implements Callable<Integer> {
    static final URI OPENROUTER = URI.create("https://openrouter.ai/api/v1");

    private final Map<String, String> env;
    private final Path workingDir;
    private final Path userHome;
    private final PrintStream out;
    private final List<LocalServers.Candidate> candidates;
    private final URI openRouter;
    private Prompter prompter;

    SetupCommand(Map<String, String> env, Path workingDir, Path userHome, PrintStream out) {
        this(env, workingDir, userHome, out, null, LocalServers.USUAL, OPENROUTER);
    }

    /** For tests: answers from {@code prompter}, local servers looked for among {@code candidates}. */
    SetupCommand(Map<String, String> env, Path workingDir, Path userHome, PrintStream out, Prompter prompter,
                 List<LocalServers.Candidate> candidates, URI openRouter) {
        this.env = env;
        this.workingDir = workingDir;
        this.userHome = userHome;
        this.out = out;
        this.prompter = prompter;
        this.candidates = candidates;
        this.openRouter = openRouter;
    }

    @Override
    public Integer call() throws Exception {
        Config config = AismushCommand.configOrNull(env, workingDir, userHome, out);
        if (config == null) return 2;
        if (prompter == null) {
            prompter = Prompter.terminal();
            if (prompter == null) prompter = Prompter.lines(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        }
        out.println("aismush setup: choose the providers aismush may send turns to. Looking for model servers on this machine…");
        List<LocalServers.Found> local = LocalServers.probe(candidates);
        for (var f : local) out.printf("  found %s on 127.0.0.1:%d (%d models)%n", f.candidate().label(), f.candidate().port(), f.models().size());
        if (local.isEmpty()) out.println("  none found (Ollama :11434, LM Studio :1234, llama.cpp :8080, vLLM :8000)");

        var added = new LinkedHashMap<String, ObjectNode>();
        String deepseekKey = null;
        while (true) {
            out.println();
            out.println("Add a provider:");
            out.println("  1) DeepSeek (API key)");
            out.println("  2) OpenRouter (API key)");
            out.println("  3) another OpenAI-compatible server (URL)");
            for (int i = 0; i < local.size(); i++) out.printf("  %d) %s on 127.0.0.1:%d%n", i + 4, local.get(i).candidate().label(), local.get(i).candidate().port());
            String choice = prompter.line("choice (Enter when done): ");
            if (choice == null || choice.isBlank()) break;
            var step = new ProviderSteps(prompter, out);
            switch (choice.trim()) {
                case "1" -> deepseekKey = step.deepseek(KeyCheck.deepseekModelsBase(config.routing().deepseekBaseUrl()));
                case "2" -> put(added, step.openRouter(openRouter));
                case "3" -> put(added, step.custom());
                default -> {
                    int n = parse(choice.trim()) - 4;
                    if (n >= 0 && n < local.size()) put(added, step.local(local.get(n)));
                    else out.println("  not a choice: " + choice.trim());
                }
            }
        }
        if (deepseekKey == null && added.isEmpty()) {
            out.println("Nothing changed.");
            return 0;
        }
        var names = new ArrayList<String>();
        if (deepseekKey != null || config.deepseekApiKey() != null) names.add("deepseek");
        names.addAll(added.keySet());
        String cheap = prompter.line("Provider for routine steps, one of " + names + " [" + names.getFirst() + "]: ");
        String cheapProvider = cheap == null || cheap.isBlank() || !names.contains(cheap.trim()) ? names.getFirst() : cheap.trim();
        String key = deepseekKey;
        Path file = HomeConfigFile.update(config.dataDir(), root -> write(root, key, added, cheapProvider));
        out.println("Saved in " + file + " (mode 0600): " + names + ", routine steps to " + cheapProvider + ".");
        out.println("Next: `aismush start` (or `aismush --config` to review).");
        return 0;
    }

    private static void put(Map<String, ObjectNode> added, ObjectNode provider) {
        if (provider != null) added.put(provider.path("name").asString(), provider);
    }

    private static void write(ObjectNode root, String deepseekKey, Map<String, ObjectNode> added, String cheap) {
        if (deepseekKey != null) root.put("apiKey", deepseekKey);
        ArrayNode providers = Json.MAPPER.createArrayNode();
        for (JsonNode p : root.path("providers")) if (!added.containsKey(p.path("name").asString(""))) providers.add(p);
        added.values().forEach(providers::add);
        if (!providers.isEmpty()) root.set("providers", providers);
        root.put("cheapProvider", cheap);
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
