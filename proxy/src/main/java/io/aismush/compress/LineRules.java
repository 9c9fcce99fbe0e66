package io.aismush.compress;

/**
 * How to condense one family of tool output, as data: which lines always go, which always stay, which open a block
 * (a failure with its message and frames) that is kept as a whole, and which stack frames are framework noise.
 * Applied by {@link Digest}. A {@code null} pattern matches nothing.
 *
 * @param name           the family, for the marker ("Maven output")
 * @param kind           the kind of output, for the stats
 * @param drop           lines dropped wherever they appear (progress, passing tests)
 * @param keep           lines kept wherever they appear (errors, failures, summaries)
 * @param blockStart     a line that opens a block; the line is kept
 * @param blockEnd       a line that closes the open block; it is then judged like any other line
 * @param blockKeep      inside a block only these lines (and {@code keep} lines) stay; null keeps every block line
 * @param frame          a stack-frame line
 * @param frameworkFrame a frame of a test framework, build tool or runtime, collapsed into a count
 * @param maxBlockLines  lines kept per block, at most
 */
record LineRules(String name, Kind kind, LinePattern drop, LinePattern keep, LinePattern blockStart, LinePattern blockEnd,
                 LinePattern blockKeep, LinePattern frame, LinePattern frameworkFrame, int maxBlockLines) {

    /** What every family keeps: words that mean something went wrong, and assertion details. */
    static final String ALARM = "(?i)(\\berror(s)?\\b|\\berr!|\\bfail(s|ed|ure|ures|ing)?\\b|exception|\\bpanic|\\bfatal\\b|\\bwarn(ing|ings)?\\b"
            + "|\\bassert|\\bexpected\\b|\\bcaused by\\b|✕|✗|×|\\bundefined reference\\b|\\bsegmentation fault\\b|\\btraceback\\b|\\w(Warning|Error|Exception):)";

    static LinePattern p(String regex) {
        return regex == null ? null : LinePattern.of(regex);
    }

    static boolean matches(LinePattern pattern, String line) {
        return pattern != null && pattern.in(line);
    }
}
