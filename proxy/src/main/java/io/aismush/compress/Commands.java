package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Identifies what a Bash command's output is from the command line: which test runner or build tool, git, a
 * package manager, a listing, or file content. When in doubt it says {@link Kind#FILE}: output that might be a file's
 * text is never condensed. Pure and thread-safe.
 */
final class Commands {
    private Commands() {}

    /** What the output of one command line is, and the rules to condense it (null: not by rules). */
    record Identified(Kind kind, LineRules rules, String gitVerb) {}

    static final Identified GENERIC = new Identified(Kind.LOG, null, null);
    static final Identified FILE = new Identified(Kind.FILE, null, null);
    static final Identified LISTING = new Identified(Kind.LISTING, null, null);

    /** Programs whose output is (or may be) a file's text. */
    private static final Set<String> FILE_READERS = Set.of("cat", "head", "tail", "sed", "awk", "gawk", "less", "more", "bat",
            "batcat", "nl", "tac", "jq", "yq", "xxd", "od", "hexdump", "strings", "base64", "cut", "paste", "column", "diff",
            "sdiff", "cmp", "patch", "perl", "python", "python3", "node", "ruby", "vim", "nano", "envsubst", "xmllint", "openssl", "sqlite3", "psql", "mysql", "kubectl", "helm", "terraform");
    private static final Set<String> LISTERS = Set.of("grep", "egrep", "fgrep", "rg", "ag", "ack", "find", "fd", "ls", "tree",
            "du", "wc", "locate", "git-grep");
    private static final Set<String> PREFIXES = Set.of("sudo", "time", "env", "nice", "nohup", "exec", "command", "npx", "bunx",
            "pnpx", "xvfb-run", "stdbuf", "unbuffer");
    private static final Pattern SEPARATORS = Pattern.compile("&&|\\|\\||;|\\n|\\|");
    private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*=.*");
    // compiled once: String.split and String.matches compile their expression on every call
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern DURATION = Pattern.compile("\\d+[smh]?");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Set<String> CARGO_BUILDS = Set.of("build", "check", "clippy", "run", "bench", "doc");
    private static final Set<String> CARGO_PACKAGES = Set.of("install", "add", "fetch", "update");
    private static final Set<String> JS_PACKAGES = Set.of("install", "i", "ci", "add", "remove", "uninstall", "update", "upgrade", "audit", "dedupe", "prune");

    static Identified identify(String command) {
        if (command == null || command.isBlank()) return GENERIC;
        Identified runner = null;
        boolean readsFiles = false;
        boolean lists = false;
        var m = SEPARATORS.matcher(command);
        int start = 0;
        boolean piped = false;
        var segments = new ArrayList<String[]>();
        while (true) {
            boolean found = m.find();
            String segment = command.substring(start, found ? m.start() : command.length());
            segments.add(new String[] {segment, piped ? "|" : ""});
            if (!found) break;
            piped = m.group().equals("|");
            start = m.end();
        }
        for (String[] s : segments) {
            List<String> words = words(s[0]);
            if (words.isEmpty()) continue;
            String program = words.getFirst();
            Identified id = runner(program, words);
            if (id != null && runner == null) runner = id;
            else if (id == null && FILE_READERS.contains(program) && !(s[1].equals("|") && readsStdin(program, words))) readsFiles = true;
            else if (id == null && LISTERS.contains(program)) lists = true;
        }
        if (readsFiles) return FILE;
        if (runner != null) return runner;
        return lists ? LISTING : GENERIC;
    }

    /** A filter at the end of a pipe reads the previous command's output, not a file. */
    private static boolean readsStdin(String program, List<String> words) {
        return switch (program) {
            case "head", "tail", "cat", "less", "more", "tee", "cut", "nl", "tac", "column" -> words.stream().skip(1).allMatch(w -> w.startsWith("-") || NUMBER.matcher(w).matches());
            default -> false;
        };
    }

    /** The command's words without leading variable assignments and wrappers ({@code sudo}, {@code npx}, ...). */
    static List<String> words(String segment) {
        var words = new ArrayList<String>();
        for (String w : WHITESPACE.split(segment.trim())) if (!w.isEmpty()) words.add(w.replace("\"", "").replace("'", ""));
        while (!words.isEmpty() && (ASSIGNMENT.matcher(words.getFirst()).matches() || PREFIXES.contains(words.getFirst())
                || words.getFirst().equals("timeout") || DURATION.matcher(words.getFirst()).matches())) {
            words.removeFirst();
        }
        if (!words.isEmpty()) {
            String first = words.getFirst();
            int slash = first.lastIndexOf('/');
            words.set(0, (slash >= 0 ? first.substring(slash + 1) : first).toLowerCase(Locale.ROOT));
        }
        // python -m pytest, uv run pytest, poetry run pytest: the module or tool is the program
        if (words.size() >= 3 && (words.get(0).startsWith("python") && words.get(1).equals("-m") || words.get(1).equals("run")
                && (words.get(0).equals("uv") || words.get(0).equals("poetry") || words.get(0).equals("pipenv")))) {
            return words(String.join(" ", words.subList(2, words.size())));
        }
        return words;
    }

    private static Identified runner(String program, List<String> words) {
        String verb = words.size() > 1 ? words.get(1) : "";
        boolean test = words.stream().anyMatch(w -> w.equals("test") || w.equals("verify") || w.equals("check") || w.startsWith("test:")
                || w.equals("integrationTest") || w.equals("surefire:test") || w.equals("failsafe:integration-test"));
        return switch (program) {
            case "mvn", "mvnw", "mvnd" -> test ? new Identified(Kind.TEST_LOG, Runners.MAVEN, null) : new Identified(Kind.BUILD_LOG, Runners.MAVEN, null);
            case "gradle", "gradlew" -> new Identified(test ? Kind.TEST_LOG : Kind.BUILD_LOG, Runners.GRADLE, null);
            case "pytest", "py.test", "tox", "nox" -> new Identified(Kind.TEST_LOG, Runners.PYTEST, null);
            case "jest", "vitest", "mocha", "ava", "karma", "playwright" -> new Identified(Kind.TEST_LOG, Runners.JS_TEST, null);
            case "go" -> verb.equals("test") ? new Identified(Kind.TEST_LOG, Runners.GO_TEST, null)
                    : verb.equals("build") || verb.equals("vet") || verb.equals("install") ? new Identified(Kind.BUILD_LOG, Runners.GO_TEST, null)
                    : verb.equals("get") || verb.equals("mod") ? new Identified(Kind.PACKAGES, Runners.NPM, null) : null;
            case "cargo" -> verb.equals("test") || verb.equals("nextest") ? new Identified(Kind.TEST_LOG, Runners.CARGO, null)
                    : CARGO_BUILDS.contains(verb) ? new Identified(Kind.BUILD_LOG, Runners.CARGO_BUILD, null)
                    : CARGO_PACKAGES.contains(verb) ? new Identified(Kind.PACKAGES, Runners.CARGO_BUILD, null) : null;
            case "npm", "yarn", "pnpm", "bun" -> js(verb, words);
            case "tsc", "vue-tsc" -> new Identified(Kind.BUILD_LOG, Runners.TSC, null);
            case "vite", "webpack", "next", "esbuild", "rollup", "turbo", "nx" -> new Identified(Kind.BUILD_LOG, Runners.JS_BUILD, null);
            case "make", "cmake", "ninja", "gcc", "g++", "clang", "clang++", "cc", "ctest" -> new Identified(Kind.BUILD_LOG, Runners.MAKE, null);
            case "javac", "kotlinc", "sbt" -> new Identified(Kind.BUILD_LOG, Runners.JVM_BUILD, null);
            case "pip", "pip3", "pipx", "apt", "apt-get", "brew", "poetry", "uv", "conda", "gem", "bundle", "composer" -> new Identified(Kind.PACKAGES, Runners.NPM, null);
            case "docker", "podman", "docker-compose" -> new Identified(Kind.PACKAGES, Runners.DOCKER, null);
            case "git" -> git(words);
            default -> null;
        };
    }

    private static Identified js(String verb, List<String> words) {
        String script = verb.equals("run") && words.size() > 2 ? words.get(2) : verb;
        if (JS_PACKAGES.contains(verb)
                || verb.isEmpty()) return new Identified(Kind.PACKAGES, Runners.NPM, null);
        if (script.startsWith("test") || script.equals("t") || script.equals("vitest") || script.equals("jest") || script.equals("e2e")) {
            return new Identified(Kind.TEST_LOG, Runners.JS_TEST, null);
        }
        if (script.startsWith("build") || script.equals("tsc") || script.equals("typecheck") || script.equals("lint") || script.equals("compile")) {
            return new Identified(Kind.BUILD_LOG, Runners.JS_BUILD, null);
        }
        return null;
    }

    private static Identified git(List<String> words) {
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-C") || w.equals("-c")) {
                i++;
                continue;
            }
            if (w.startsWith("-")) continue;
            return switch (w) {
                case "show" -> words.stream().skip(i + 1).anyMatch(a -> !a.startsWith("-") && a.contains(":")) ? FILE : new Identified(Kind.GIT, null, w);
                case "status", "diff", "log" -> new Identified(Kind.GIT, null, w);
                case "grep" -> LISTING;
                case "blame", "cat-file" -> FILE;
                default -> GENERIC;
            };
        }
        return GENERIC;
    }
}
