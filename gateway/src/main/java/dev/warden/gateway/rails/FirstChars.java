package dev.warden.gateway.rails;

import java.util.BitSet;

/**
 * Speeds up a regex's {@code find()}: when every match must start with one of a few known chars, a leading
 * {@code (?=[...])} lets the matcher reject other start positions with one class test instead of walking a
 * long alternation ({@code \b(?:ignore|disregard|forget|...)} costs tens of nanoseconds per position
 * otherwise). The analysis is conservative: it understands leading {@code \b}, groups, alternations and
 * literals, and gives up (no guard) on anything else (classes, dots, optional first items).
 */
final class FirstChars {

    private FirstChars() {
    }

    /** {@code regex} with a first-char guard in front, or unchanged when its first chars cannot be bounded. */
    static String guard(String regex) {
        BitSet first = firstChars(regex, 0, regex.length());
        if (first == null || first.isEmpty()) {
            return regex;
        }
        StringBuilder guarded = new StringBuilder("(?=[");
        first.stream().forEach(c -> {
            if ("\\]^-[".indexOf(c) >= 0) {
                guarded.append('\\');
            }
            guarded.append((char) c);
        });
        return guarded.append("])").append(regex).toString();
    }

    /** The chars a match of {@code regex[from, to)} can start with, or null when unknown or possibly empty. */
    static BitSet firstChars(String regex, int from, int to) {
        int i = from;
        while (regex.startsWith("\\b", i)) {
            i += 2;
        }
        if (i >= to) {
            return null;
        }
        char c = regex.charAt(i);
        if (c == '(') {
            return groupFirstChars(regex, i, to);
        }
        int literalEnd;
        char literal;
        if (c == '\\') {
            if (i + 1 >= to) {
                return null;
            }
            char escaped = regex.charAt(i + 1);
            if (Character.isLetterOrDigit(escaped)) {
                return null; // a class (\w, \s, \d), an anchor or a code: unknown
            }
            literal = escaped;
            literalEnd = i + 2;
        } else if (c == '[' || c == '.' || c == '^' || c == '$' || c == '|' || c == ')') {
            return null;
        } else {
            literal = c;
            literalEnd = i + 1;
        }
        if (optional(regex, literalEnd, to)) {
            return null;
        }
        BitSet set = new BitSet(128);
        set.set(literal);
        return set;
    }

    /** The first chars of a group at {@code open}: the union over its top-level alternatives. */
    private static BitSet groupFirstChars(String regex, int open, int to) {
        int bodyStart;
        if (regex.startsWith("(?:", open)) {
            bodyStart = open + 3;
        } else if (regex.startsWith("(?", open)) {
            return null; // lookaround, flags, named group: unknown
        } else {
            bodyStart = open + 1;
        }
        int close = closing(regex, open, to);
        if (close < 0 || optional(regex, close + 1, to)) {
            return null;
        }
        BitSet union = new BitSet(128);
        int altStart = bodyStart;
        int depth = 0;
        for (int i = bodyStart; i <= close; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i, to);
                if (i < 0) {
                    return null;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if ((c == '|' && depth == 0) || i == close) {
                if (i == altStart) {
                    return null; // an empty alternative
                }
                BitSet alternative = firstChars(regex, altStart, i);
                if (alternative == null) {
                    return null;
                }
                union.or(alternative);
                altStart = i + 1;
            }
        }
        return union;
    }

    /** The index of the ')' closing the group opened at {@code open}, or -1. */
    private static int closing(String regex, int open, int to) {
        int depth = 0;
        for (int i = open; i < to; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i, to);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the ']' closing the class opened at {@code open}, or -1. */
    private static int classEnd(String regex, int open, int to) {
        int i = open + 1;
        if (i < to && regex.charAt(i) == '^') {
            i++;
        }
        if (i < to && regex.charAt(i) == ']') {
            i++;
        }
        for (; i < to; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                return -1; // nested class syntax: give up
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** True when the item ending before {@code at} may repeat zero times. */
    private static boolean optional(String regex, int at, int to) {
        if (at >= to) {
            return false;
        }
        char q = regex.charAt(at);
        return q == '?' || q == '*' || regex.startsWith("{0", at);
    }
}
