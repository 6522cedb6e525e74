package dev.warden.tools.judge.corpus;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The two bits of English morphology the generator needs: the gerund of a verb phrase ("make a cake" to
 * "making a cake", for "Write a tutorial on {ger}") and the change of person when an answer restates a
 * request ("kill my process" to "kill your process").
 */
public final class EnglishForms {

    /** Verbs whose final consonant doubles before -ing. */
    private static final Set<String> DOUBLING = Set.of("get", "put", "cut", "stop", "run", "rob", "plan", "hit",
            "shop", "drop", "stab", "set", "sit", "swim", "begin", "spot", "strip", "grab", "slit", "chat", "trap",
            "kidnap", "jog", "shut", "skip", "plot", "dig", "ship", "wrap", "bet", "let", "pin", "tap", "map",
            "knit", "dip", "chop", "fit", "scan", "spin", "rig", "clog", "log", "jam", "mop", "ban", "hug", "tag",
            "nap", "snap", "drug", "star", "stir", "blur", "flip", "trim", "slip", "commit", "rip", "scam", "skim", "admit", "regret", "submit", "refer", "prefer");

    private static final Map<String, String> IRREGULAR = Map.of("be", "being", "see", "seeing",
            "shoplift", "shoplifting", "die", "dying", "lie", "lying", "tie", "tying", "dye", "dyeing", "traffic", "trafficking", "panic", "panicking");

    private static final Map<String, String> PERSON_SWAP = Map.ofEntries(
            Map.entry("my", "your"), Map.entry("your", "my"), Map.entry("you", "me"), Map.entry("myself", "yourself"),
            Map.entry("yourself", "myself"), Map.entry("me", "you"), Map.entry("i", "you"),
            Map.entry("i'm", "you're"), Map.entry("mine", "yours"), Map.entry("yours", "mine"),
            Map.entry("our", "your"), Map.entry("we", "you"), Map.entry("us", "you"), Map.entry("am", "are"),
            Map.entry("i've", "you've"), Map.entry("i'd", "you'd"));

    private EnglishForms() {
    }

    /**
     * The phrase with its verb in the -ing form: "make a bomb" gives "making a bomb", and a leading adverb is
     * kept ("secretly film x" gives "secretly filming x").
     */
    public static String gerund(String verbPhrase) {
        String phrase = verbPhrase.strip();
        if (phrase.isEmpty()) {
            throw new IllegalArgumentException("verb phrase must not be blank");
        }
        int first = phrase.indexOf(' ');
        if (first > 0 && phrase.substring(0, first).endsWith("ly")) {
            return phrase.substring(0, first + 1) + gerund(phrase.substring(first + 1));
        }
        int space = first;
        String verb = space < 0 ? phrase : phrase.substring(0, space);
        String rest = space < 0 ? "" : phrase.substring(space);
        return ing(verb) + rest;
    }

    /** The -ing form of one verb. */
    static String ing(String verb) {
        String v = verb.toLowerCase(Locale.ROOT);
        String irregular = IRREGULAR.get(v);
        if (irregular != null) {
            return irregular;
        }
        int n = v.length();
        if (DOUBLING.contains(v)) {
            return v + v.charAt(n - 1) + "ing";
        }
        if (v.endsWith("ee") || v.endsWith("ye") || v.endsWith("oe")) {
            return v + "ing";
        }
        if (v.endsWith("e") && n > 2) {
            return v.substring(0, n - 1) + "ing";
        }
        return v + "ing";
    }

    /** The phrase with first and second person swapped word by word ("my" and "your", "I" and "you"). */
    public static String swapPerson(String phrase) {
        String[] words = phrase.split(" ", -1);
        StringBuilder out = new StringBuilder(phrase.length() + 8);
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            String w = words[i];
            int end = w.length();
            while (end > 0 && !Character.isLetter(w.charAt(end - 1))) {
                end--;
            }
            String core = w.substring(0, end).toLowerCase(Locale.ROOT);
            String swapped = PERSON_SWAP.get(core);
            out.append(swapped == null ? w : swapped + w.substring(end));
        }
        return out.toString();
    }
}
