package io.aismush.compress;

import static io.aismush.compress.LineRules.p;

/**
 * The rule sets for the test runners and build tools Claude Code runs, as data. Each keeps what a person reads a
 * failing run for (the failing test, its message, its own stack frames, the summary) and drops what scrolls past
 * (progress, downloads, passing tests, framework frames).
 */
final class Runners {
    private Runners() {}

    private static final String JVM_FRAMEWORK = "\\bat (org\\.junit|junit\\.|org\\.opentest4j|org\\.apache\\.maven|java\\.base/|java\\.lang\\.reflect"
            + "|jdk\\.internal|sun\\.reflect|org\\.assertj|org\\.testng|org\\.gradle|worker\\.org\\.gradle|kotlin\\.|org\\.mockito"
            + "|org\\.springframework\\.test|java\\.util\\.|org\\.hamcrest|com\\.intellij)";

    static final LineRules MAVEN = new LineRules("Maven output", Kind.TEST_LOG,
            p("^\\[INFO\\] Download(ing|ed) from|^\\[INFO\\] Tests run:.*Time elapsed|^\\[INFO\\] Running |^Progress \\(\\d+\\)|^Download(ing|ed) from|^\\[INFO\\] *$"),
            p("^\\[(ERROR|WARNING)\\]|BUILD (SUCCESS|FAILURE)|Tests run:|Total time|^\\[INFO\\] Results:|Reactor Summary|\\[INFO\\] .* (SUCCESS|FAILURE|SKIPPED) \\["),
            p("<<< (FAILURE|ERROR)!"),
            p("^\\[(INFO|ERROR|WARNING|DEBUG)\\]"),
            null,
            p("^\\s+at |^\\s+\\.\\.\\. \\d+ more"),
            p(JVM_FRAMEWORK + "|^\\s+\\.\\.\\. \\d+ more"), 40);

    static final LineRules GRADLE = new LineRules("Gradle output", Kind.TEST_LOG,
            p("^> Task (?!.*FAILED)|^<[-=]+>|\\d+% (EXECUTING|CONFIGURING|INITIALIZING|WAITING)|^Download|^> Configure project| PASSED$| SKIPPED$"),
            p("BUILD (SUCCESSFUL|FAILED)|tests completed|actionable tasks|^FAILURE:|^\\* What went wrong:|^> |^\\S.*: (error|warning): |^[ew]: "),
            p(" FAILED$|^\\* What went wrong:"),
            p("^\\s*$|^\\* Try:"),
            null,
            p("^\\s+at "),
            p(JVM_FRAMEWORK), 30);

    static final LineRules PYTEST = new LineRules("pytest output", Kind.TEST_LOG,
            p("^-- Docs: |^\\S+\\.py [.FEsxX]+\\s*(\\[\\s*\\d+%\\])?$|^(platform|rootdir|plugins|cachedir|configfile|cov):|^[.FEsxX]{3,}\\s*(\\[\\s*\\d+%\\])?$"),
            p("^=+ .* =+$|^(FAILED|ERROR|XPASS|XFAIL) |collected \\d+ items?|^no tests ran"),
            p("^=+ (FAILURES|ERRORS) =+$"),
            p("^=+ (?!FAILURES|ERRORS).* =+$"),
            p("^_{3,} .* _{3,}$|^E |^>|^\\S+:\\d+: |^-+ Captured|^[_ ]{9,}$"),
            null, null, 400);

    static final LineRules JS_TEST = new LineRules("test output", Kind.TEST_LOG,
            p("^\\s*PASS |^\\s*[✓√○↓] |^\\s*RUN\\s+v|^\\s*Determining test suites"),
            p("^(Test Suites|Tests|Snapshots|Time):|Ran all test suites|^\\s*FAIL |Test Files |^\\s+Tests |^\\s+Duration |^\\s*❯ .*\\d+ failed"),
            p("^\\s*● |^\\s*FAIL .* > |⎯ Failed Tests|⎯ Unhandled Error"),
            p("^(Test Suites|Tests):|^ Test Files |⎯\\[\\d+/\\d+\\]⎯|^\\s*(PASS|FAIL) [^>]*$"),
            null,
            p("^\\s+at "),
            p("node_modules|node:internal|\\(internal/|\\bat new Promise \\(<anonymous>\\)|\\bat process\\.processTicksAndRejections"), 40);

    static final LineRules GO_TEST = new LineRules("go test output", Kind.TEST_LOG,
            p("^=== (RUN|PAUSE|CONT|NAME)|^\\s*--- (PASS|SKIP)|^PASS$|^go: downloading"),
            p("^(FAIL|ok|PASS|---)\\b|^FAIL\\s|^\\?\\s|\\[no test files\\]|^# |^\\s+\\S+\\.go:\\d+: "),
            p("^\\s*--- FAIL|^panic:|^# \\S+|^\\S+\\.go:\\d+:\\d+: "),
            p("^\\s*--- (PASS|SKIP)|^=== |^(FAIL|ok|PASS)\\b"),
            null,
            p("^\\s+/\\S+\\.go:\\d+|^[\\w./*()\\[\\]{}-]+\\(.*\\)$|^created by "),
            p("/usr/local/go/src/|/go/pkg/mod/|/usr/lib/go|^testing\\.|^runtime\\.|^created by testing|^panic\\("), 40);

    /**
     * A test's path under {@code failures:} ({@code ^\\s{4}\\S+::\\S+$}), written so it cannot backtrack: that form
     * tries every split of a long word around each {@code ::}, this one reads the word once (the same lines match, see
     * LinePatternTest).
     */
    static final String CARGO_TEST_NAME = "^\\s{4}(?=\\S++$)\\S+?::\\S";

    static final LineRules CARGO = new LineRules("cargo output", Kind.TEST_LOG,
            p("^\\s*(Compiling|Downloaded|Downloading|Checking|Fresh|Updating|Locking|Adding|Blocking|Documenting|Running|Doc-tests)\\s|^test .* \\.\\.\\. (ok|ignored)$|^running \\d+ tests?$"),
            p("^test result:|^failures:$|" + CARGO_TEST_NAME + "|^error(\\[\\w+\\])?: |^\\s*--> |^warning: .*generated \\d+ warnings?|^\\s*Finished |^test .* \\.\\.\\. FAILED$"),
            p("^---- .* stdout ----$|^error(\\[\\w+\\])?: |^thread '.*' panicked"),
            p("^\\s*$|^---- |^failures:$|^test result:"),
            null,
            p("^\\s+\\d+: |^\\s+at "),
            p("\\b(std|core|alloc|test)::|rust_begin_unwind|/rustc/"), 25);

    static final LineRules TSC = new LineRules("TypeScript compiler output", Kind.BUILD_LOG,
            null,
            p("Found \\d+ errors?|^> "),
            p("error TS\\d+|warning TS\\d+"),
            p("^\\s*$|^\\S+\\(\\d+,\\d+\\)|^\\S+:\\d+:\\d+ - "),
            null, null, null, 8);

    static final LineRules JS_BUILD = new LineRules("build output", Kind.BUILD_LOG,
            p("^\\s*(dist|build|out|\\.next)/\\S+\\s+[\\d.,]+\\s*[kKmM]?B|^\\[\\d+/\\d+\\]|transforming|rendering chunks|computing gzip|^\\s*[├└┌│]|^\\s*\\d+ modules? transformed"),
            p("^> |built in|compiled|Compiled|✓ built|^\\s*ERROR|error TS\\d+|Found \\d+ errors?|Done in"),
            p("error TS\\d+|^\\s*ERROR\\b|^(Error|SyntaxError|TypeError):|\\[(vite|webpack)\\].*error"),
            p("^\\s*$"),
            null,
            p("^\\s+at "),
            p("node_modules|node:internal"), 15);

    static final LineRules MAKE = new LineRules("build output", Kind.BUILD_LOG,
            p("^\\s*(gcc|g\\+\\+|cc|c\\+\\+|clang|clang\\+\\+|ld|ar|ranlib|javac|rustc|nvcc)\\s|^\\s*(CC|CXX|LD|AR|GEN|CCLD|CXXLD|AS|HOSTCC)\\s|^make(\\[\\d+\\])?: (Entering|Leaving) directory|^\\[\\s*\\d+%\\] (Building|Linking|Built|Scanning)|^-- "),
            p("In function|^make(\\[\\d+\\])?: \\*\\*\\*|Error \\d+|^collect2:|^\\[\\s*100%\\] Built target"),
            p(":\\d+(:\\d+)?: (error|warning|fatal error):|: undefined reference|^make(\\[\\d+\\])?: \\*\\*\\*"),
            p("^\\S"),
            null, null, null, 12);

    static final LineRules JVM_BUILD = new LineRules("build output", Kind.BUILD_LOG,
            MAVEN.drop(), MAVEN.keep(), p("^\\S+\\.(java|kt|scala):\\d+: (error|warning):"), p("^\\S"), null, null, null, 8);

    static final LineRules CARGO_BUILD = new LineRules("cargo output", Kind.BUILD_LOG,
            CARGO.drop(), CARGO.keep(), CARGO.blockStart(), CARGO.blockEnd(), null, CARGO.frame(), CARGO.frameworkFrame(), 25);

    static final LineRules NPM = new LineRules("package manager output", Kind.PACKAGES,
            p("^\\s*(Collecting|Downloading|Using cached|Requirement already satisfied|Obtaining|Preparing metadata|Building wheel|Created wheel|Stored in|Getting requirements)"
                    + "|━|^Progress: resolved|^(Get|Hit|Ign):\\d+|^(Reading|Building|Selecting|Preparing|Unpacking|Setting up|Processing triggers)\\b|^\\(Reading database"
                    + "|^go: downloading|^\\s*(Resolving|Fetching|Linking)|^\\[\\d/\\d\\]|^npm (http|timing|sill|verb) "),
            p("^(added|removed|changed|up to date|audited)\\b|vulnerabilit|Successfully|^Installing collected|^E: |^W: |newly installed|^Err:|^\\d+ upgraded|^Packages: |^Done in|^go: (added|upgraded)|^\\+ |^dependencies:|ERESOLVE|peer dep|could not resolve|^npm ERR!|^npm error"),
            p("^npm (ERR!|error) code|^ERROR: |^error "),
            p("^\\s*$"),
            null, null, null, 30);

    static final LineRules DOCKER = new LineRules("docker output", Kind.PACKAGES,
            p("^#\\d+ \\d+\\.\\d+ (?!.*?(?i:error|warn))|^#\\d+ (sha256|resolve|transferring|extracting|DONE|CACHED)|: (Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists)"),
            p("^#\\d+ \\[|^#\\d+ (ERROR|CANCELED)|^ERROR|^------|^ > |^Step \\d+/\\d+|^Successfully|^Digest:|^Status:|naming to|writing image"),
            null, null, null, null, null, 0);
}
