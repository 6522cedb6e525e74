package dev.warden.gateway.rails;

import java.util.BitSet;
import java.util.regex.Pattern;

/**
 * A compiled rule pattern and what its matches can start with, so the scanner skips start positions without
 * touching the regex engine.
 *
 * @param pattern   the regex (with its first-char guard)
 * @param first     the chars a match can start with, or null when unknown
 * @param wordStart true when a match can only start at the beginning of a word (a leading {@code \b} before
 *                  letters or digits)
 */
record RulePattern(Pattern pattern, BitSet first, boolean wordStart) {

    /** Compiles {@code regex} (macros already expanded), naming {@code where} on a syntax error. */
    static RulePattern compile(String regex, String where) {
        BitSet first = FirstChars.firstChars(regex, 0, regex.length());
        boolean alnum = first != null && !first.isEmpty() && first.stream().allMatch(Character::isLetterOrDigit);
        return new RulePattern(RuleSet.compile(regex, where), first, alnum && regex.startsWith("\\b"));
    }

    /** True when a match may start at {@code at} in {@code text}. */
    boolean canStartAt(String text, int at) {
        char c = text.charAt(at);
        if (first != null && (c >= 128 || !first.get(c))) {
            return false;
        }
        return !wordStart || at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
    }
}
