package io.aismush.memory;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether one sentence is worth remembering, and as what. Rules, not a model: precise first (chatter,
 * questions, narration of the next step are rejected), then the first matching kind wins. Pure and thread-safe.
 */
final class Classifier {
    /** Who said it. */
    enum Speaker { ASSISTANT, HUMAN }

    private record Rule(Kind kind, double importance, Pattern pattern) {}

    private static final Pattern CHATTER = Pattern.compile("(?i)^(i'll|i will|i'm going to|i am going to|i need to|i'm|let me|let's|"
            + "now,? (i|let)|next[,:]?|then,? i|okay|ok\\b|great|sure|alright|perfect|good|nice|excellent|thanks|thank you|"
            + "looking at|checking|reading|running|searching|i see|i can|i've (read|looked|checked|found the)|i have (read|looked)|"
            + "here's|here is|first,? (i|let)|to do this|this (will|should) (take|let)|done\\b|all set|got it|sounds good|"
            + "hmm|interesting|i notice|i should|i want to|step \\d+)");
    private static final Pattern NARRATION = Pattern.compile("(?i)\\b(let me|i'll now|i will now|i'm going to|next i'll)\\b");
    private static final Pattern MUST = Pattern.compile("(?i)\\b(must|critical|important|never|always)\\b");

    private static final List<Rule> ASSISTANT_RULES = List.of(
            new Rule(Kind.FIX, 0.7, Pattern.compile("(?i)\\b(root cause|the (bug|problem|issue|failure|error|crash|leak|regression) (was|is|came)"
                    + "|caused by|was caused|because of a|the fix (was|is)|fixed (it |this |that |the \\w+ )?by|(was|were) failing because|"
                    + "failed because|fails because|resolved (it |this )?by|turned out|the culprit|fixed the|fixes the)\\b")),
            new Rule(Kind.DECISION, 0.8, Pattern.compile("(?i)^(decision|plan):|\\b(we decided|decided to|i chose|we chose|chose \\w+|going with|"
                    + "we('ll| will) (use|keep|store|go)|opted (for|to)|the plan is|settled on|agreed to|design:|"
                    + "instead of|rather than|in favou?r of)\\b")),
            new Rule(Kind.CONVENTION, 0.6, Pattern.compile("(?i)\\b(conventions?|the (project|codebase|repo|repository|team|code) "
                    + "(uses|follows|keeps|puts|names)|messages follow|tests (live|are|go) (in|under)|are named|naming|must (always|never)|should (always|never)|"
                    + "(is|are) formatted with|style guide|lint(er|ing)? rules?|lives in|are kept in|by default we)\\b")),
            new Rule(Kind.PREFERENCE, 0.7, Pattern.compile("(?i)\\b(you prefer|the user prefers|you want .* (always|never))\\b")),
            new Rule(Kind.FACT, 0.45, Pattern.compile("(?i)\\b(runs on port|listens on|(is|are) (configured|stored|defined|located|deployed|hosted|cached) "
                    + "(in|at|on|by)|depends on|is backed by|the (api|database|server|service|schema|cache|queue|build) (is|uses|runs|needs|stores)|"
                    + "requires (java|node|python|go|rust|postgres|version)|is pinned to|only works (with|on))\\b")),
            new Rule(Kind.CHANGE, 0.4, Pattern.compile("(?i)^(implemented|added|renamed|removed|refactored|replaced|moved|migrated|"
                    + "upgraded|downgraded|introduced|extracted|deleted|created|switched|split|merged|converted)\\b")));

    private static final Pattern HUMAN_PREFERENCE = Pattern.compile("(?i)\\b(always|never|i prefer|we prefer|prefer \\w+ (over|to)|"
            + "from now on|going forward|in (the )?future|don't ever|do not ever|please don't|avoid using|i (like|want) (you )?to always|"
            + "i don't like|i hate|stop using)\\b");
    private static final Pattern HUMAN_CONVENTION = Pattern.compile("(?i)\\b(we use|we don't use|we do not use|our (convention|team|style|codebase|tests)|"
            + "in this (project|repo|codebase) we|here we|we (always|never)|we keep|we name|we put)\\b");
    private static final Pattern PROJECT_SPECIFIC = Pattern.compile("(?i)(/|\\\\|\\.[a-z]{1,4}\\b|\\b(this|the) (project|repo|repository|codebase|"
            + "service|module|app)\\b|\\bhere\\b|\\bour\\b|\\bwe\\b|(?-i:\\b[a-z]+[A-Z]\\w*\\b))");

    private Classifier() {}

    /** The memory in {@code sentence}, or null when it holds nothing worth keeping. */
    static Candidate classify(String sentence, Speaker speaker) {
        String s = sentence.strip();
        if (s.length() < 20 || s.endsWith("?") || s.endsWith(":")) return null;
        if (speaker == Speaker.HUMAN) return human(s);
        if (CHATTER.matcher(s).lookingAt() || NARRATION.matcher(s).find()) return null;
        for (Rule r : ASSISTANT_RULES) {
            if (r.pattern.matcher(s).find()) return new Candidate(r.kind, clean(s), boost(r.importance, s), false);
        }
        return null;
    }

    /** Whether an assistant's sentence is chatter: too short, a question, or narration of the next step. */
    static boolean chatter(String sentence) {
        String s = sentence.strip();
        return s.length() < 20 || s.endsWith("?") || s.endsWith(":") || CHATTER.matcher(s).lookingAt() || NARRATION.matcher(s).find();
    }

    private static Candidate human(String s) {
        if (s.toLowerCase(Locale.ROOT).startsWith("never mind") || s.length() < 25) return null;
        if (HUMAN_CONVENTION.matcher(s).find()) return new Candidate(Kind.CONVENTION, clean(s), boost(0.75, s), false);
        if (HUMAN_PREFERENCE.matcher(s).find()) {
            return new Candidate(Kind.PREFERENCE, clean(s), boost(0.75, s), !PROJECT_SPECIFIC.matcher(s).find());
        }
        return null;
    }

    private static double boost(double base, String s) {
        return MUST.matcher(s).find() ? Math.min(1.0, base + 0.1) : base;
    }

    private static String clean(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
