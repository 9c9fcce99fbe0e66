package io.aismush.compress;

/** What a tool result holds, which decides how (and whether) it may be compressed. */
public enum Kind {
    /** Output of a test runner: failures, their messages and stack frames, and the summary are kept. */
    TEST_LOG("test-log", true),
    /** Output of a build: errors and warnings are kept, progress is not. */
    BUILD_LOG("build-log", true),
    /** {@code git status}, {@code diff}, {@code log}, {@code show}: compact forms that keep every path and hunk. */
    GIT("git", true),
    /** Package managers and docker: the outcome, errors and warnings. */
    PACKAGES("packages", true),
    /** Any other command output: repeated lines collapsed, oversized output cut in the middle. */
    LOG("log", true),
    /** Listings (grep, find, ls): only oversized output is cut, on line boundaries. */
    LISTING("listing", true),
    /** File content (the Read tool, cat, sed -n, ...): never altered inside. */
    FILE("file", false),
    /** JSON, YAML, XML and other data: never altered inside. */
    DATA("data", false),
    /** A re-read identical to an earlier result still in the conversation, replaced whole by a marker. */
    REREAD("reread", false),
    /** A file read with its comments stripped (opt-in), marked so the model re-reads before editing. */
    COMMENTS("comments", false),
    /** Results of other tools, and errors: left alone. */
    OTHER("other", false);

    private final String label;
    private final boolean lossy;

    Kind(String label, boolean lossy) {
        this.label = label;
        this.lossy = lossy;
    }

    /** The name used in records, stats and the benchmark. */
    public String label() {
        return label;
    }

    /** Whether lines of this kind may be dropped (true only for output nobody copies into an edit). */
    public boolean lossy() {
        return lossy;
    }
}
