package io.aismush.cli;

import io.aismush.config.HomeConfigFile;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * The first run of {@code aismush start} without a DeepSeek key: ask for it (hidden input), check it against
 * DeepSeek, and save it in the home config (mode 0600, other keys kept), so it is never asked again. A rejected key
 * is asked again (three tries); when DeepSeek cannot be reached the key is saved anyway, and the person is told.
 */
final class FirstRunKey {
    private final Prompter prompter;
    private final PrintStream err;

    FirstRunKey(Prompter prompter, PrintStream err) {
        this.prompter = prompter;
        this.err = err;
    }

    /** The key saved, or null when the person skipped it. */
    String ask(URI checkBase, Path dataDir) throws IOException {
        err.println("aismush sends the routine steps of your Claude Code sessions to DeepSeek, at a fraction of the price.");
        err.println("Paste your DeepSeek API key (https://platform.deepseek.com/api_keys); it is saved in "
                + dataDir.resolve("config.json") + " (readable by you only). Press Enter to skip and use Claude only.");
        for (int attempt = 1; attempt <= 3; attempt++) {
            String key = prompter.secret("DeepSeek API key: ");
            if (key == null || key.isBlank()) {
                err.println("aismush: no key; this session uses Claude only. Add one later with `aismush setup` or DEEPSEEK_API_KEY.");
                return null;
            }
            key = key.trim();
            KeyCheck.Outcome check = KeyCheck.check(checkBase, key);
            if (check.result() == KeyCheck.Result.REJECTED) {
                err.println("aismush: " + check.message() + ". Check it and paste it again.");
                continue;
            }
            if (check.result() == KeyCheck.Result.UNREACHABLE) {
                err.println("aismush: " + check.message() + "; the key could not be checked and is saved anyway.");
            } else {
                err.println("aismush: DeepSeek accepted the key.");
            }
            String saved = key;
            Path file = HomeConfigFile.update(dataDir, root -> root.put("apiKey", saved));
            err.println("aismush: key saved in " + file + " (mode 0600); it will not be asked again.");
            return key;
        }
        err.println("aismush: DeepSeek rejected the key three times; this session uses Claude only.");
        return null;
    }
}
