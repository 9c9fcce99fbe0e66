package io.aismush.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A line rule's regular expression, found anywhere in a line like {@link java.util.regex.Matcher#find()}, but split
 * in two: the alternatives anchored with {@code ^} are tried at the start of the line only, the others everywhere.
 * {@code java.util.regex} tries an alternation such as {@code ^a|^b|c} at every position of the line, anchored
 * branches included; the rules are mostly anchored, and log lines are many, so the split saves most of the work.
 * Same answers as the whole expression. Immutable and thread-safe.
 */
record LinePattern(String regex, Pattern anchored, Pattern anywhere) {

    static LinePattern of(String regex) {
        var anchored = new ArrayList<String>();
        var anywhere = new ArrayList<String>();
        for (String branch : topLevelBranches(regex)) {
            if (branch.startsWith("^")) anchored.add(branch.substring(1));
            else anywhere.add(branch);
        }
        return new LinePattern(regex, anchored.isEmpty() ? null : Pattern.compile("^(?:" + String.join("|", anchored) + ")"),
                anywhere.isEmpty() ? null : Pattern.compile(String.join("|", anywhere)));
    }

    boolean in(String line) {
        return (anchored != null && anchored.matcher(line).lookingAt()) || (anywhere != null && anywhere.matcher(line).find());
    }

    /** The alternatives of the expression's outermost alternation (the whole expression when it has none). */
    static List<String> topLevelBranches(String regex) {
        var branches = new ArrayList<String>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++; // the escaped character, whatever it is
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') i++;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') i++; // a leading ']' is a literal
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                branches.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        branches.add(regex.substring(start));
        return branches;
    }
}
