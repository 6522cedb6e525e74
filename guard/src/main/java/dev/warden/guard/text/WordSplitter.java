package dev.warden.guard.text;

/**
 * The second pass of {@link TextNormalizer}, over folded chars: splits them into words and writes the output,
 * undoing leetspeak inside words, joining runs of single letters and collapsing separators (the rules are in
 * {@link TextNormalizer}'s class comment).
 *
 * <p>Chars are classed as letter, digit, leet symbol ({@code @ $ ! |}), apostrophe, decimal mark, space or
 * other. A word is a run of letters and digits, with leet symbols and apostrophes inside it (followed by a
 * letter or digit) and decimal marks between digits.
 */
final class WordSplitter {

    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte DIGIT = 2;
    static final byte LEET_SYMBOL = 3;
    static final byte APOSTROPHE = 4;
    static final byte NUMBER_PUNCT = 5;
    static final byte SPACE = 6;

    private static final int HAS_LETTER = 1;
    private static final int INTERIOR_LEET = 2;
    private static final int HAS_LEET_DIGIT = 4;
    private static final int SINGLE = 8;
    private static final int HAS_SYMBOL = 16;
    private static final int HAS_APOSTROPHE = 32;

    /** How many words either side of a leetspeak word make its edge digits leetspeak too. */
    private static final int LEET_NEIGHBOURHOOD = 3;

    /** Class of each ASCII char (after folding to lower case). */
    static final byte[] ASCII_CLASS = new byte[128];
    private static final char[] LEET = new char[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_CLASS[c] = LETTER;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII_CLASS[c] = DIGIT;
        }
        for (char c : "@$!|".toCharArray()) {
            ASCII_CLASS[c] = LEET_SYMBOL;
        }
        ASCII_CLASS['\''] = APOSTROPHE;
        ASCII_CLASS['`'] = APOSTROPHE;
        ASCII_CLASS['.'] = NUMBER_PUNCT;
        ASCII_CLASS[','] = NUMBER_PUNCT;
        ASCII_CLASS[' '] = SPACE;
        String from = "013457@$!|";
        String to = "oieastasil";
        for (int i = 0; i < from.length(); i++) {
            LEET[from.charAt(i)] = to.charAt(i);
        }
    }

    private WordSplitter() {
    }

    /** The class of a folded char. */
    static byte classOf(char c) {
        if (c < 128) {
            return ASCII_CLASS[c];
        }
        if (Character.isLetter(c)) {
            return LETTER;
        }
        if (Character.isDigit(c)) {
            return DIGIT;
        }
        return c == '\u2019' || c == '\u2018' || c == '\u02bc' ? APOSTROPHE : OTHER;
    }

    /** Whether a char of this class after letters may continue the word (digit, leet symbol, apostrophe). */
    private static boolean continuesWord(byte c) {
        return c == DIGIT || c == LEET_SYMBOL || c == APOSTROPHE;
    }

    private static boolean isWordClass(byte c) {
        return c == LETTER || c == DIGIT;
    }

    private static boolean isLeetDigit(char c) {
        return c >= '0' && c <= '9' && LEET[c] != 0;
    }

    /**
     * Pass 2a: words (runs of letters and digits, with interior leet symbols, apostrophes and decimal marks),
     * each with its flags. A leet digit is interior when a letter or leet symbol comes before and after it.
     */
    static void tokenize(NormalizerBuffers sc) {
        int k = sc.midLength;
        byte[] cls = sc.cls;
        char[] m = sc.mid;
        sc.tokenCount = 0;
        int i = 0;
        while (i < k) {
            byte x = cls[i];
            if (x != LETTER && x != DIGIT) {
                i++;
                continue;
            }
            if (x == LETTER) {
                // fast path: a word of letters only, ended by a separator
                int j = i + 1;
                while (j < k && cls[j] == LETTER) {
                    j++;
                }
                if (j == k || !continuesWord(cls[j])) {
                    sc.addToken(i, j, j - i == 1 ? HAS_LETTER | SINGLE : HAS_LETTER);
                    i = j;
                    continue;
                }
            }
            int a = i;
            int flags = 0;
            boolean alphaSeen = false;
            boolean pendingDigit = false;
            int j = i;
            while (j < k) {
                x = cls[j];
                if (x == LETTER) {
                    flags |= pendingDigit ? HAS_LETTER | INTERIOR_LEET : HAS_LETTER;
                    alphaSeen = true;
                    pendingDigit = false;
                    j++;
                } else if (x == DIGIT) {
                    if (isLeetDigit(m[j])) {
                        flags |= HAS_LEET_DIGIT;
                        pendingDigit |= alphaSeen;
                    }
                    j++;
                } else if (x == LEET_SYMBOL || x == APOSTROPHE) {
                    int r = j;
                    boolean symbol = false;
                    boolean apostrophe = false;
                    while (r < k && (cls[r] == LEET_SYMBOL || cls[r] == APOSTROPHE)) {
                        symbol |= cls[r] == LEET_SYMBOL;
                        apostrophe |= cls[r] == APOSTROPHE;
                        r++;
                    }
                    if (r == k || !isWordClass(cls[r])) {
                        break;
                    }
                    if (symbol) {
                        flags |= INTERIOR_LEET | HAS_SYMBOL;
                        alphaSeen = true;
                        pendingDigit = false;
                    }
                    if (apostrophe) {
                        flags |= HAS_APOSTROPHE;
                    }
                    j = r;
                } else if (x == NUMBER_PUNCT && cls[j - 1] == DIGIT && j + 1 < k && cls[j + 1] == DIGIT) {
                    j++;
                } else {
                    break;
                }
            }
            if ((flags & HAS_LETTER) == 0) {
                flags &= ~HAS_LEET_DIGIT; // a plain number
            }
            if (j - a == 1 && (cls[a] == LETTER || isLeetDigit(m[a]))) {
                flags |= SINGLE;
            }
            sc.addToken(a, j, flags);
            i = j;
        }
    }

    /** Pass 2b: words to output, with leetspeak, joined letter runs and collapsed separators. */
    static void emitTokens(NormalizerBuffers sc) {
        int count = sc.tokenCount;
        int[] ts = sc.tokStart;
        int[] te = sc.tokEnd;
        int[] tf = sc.tokFlags;
        char[] m = sc.mid;
        int prevEnd = -1;
        int t = 0;
        while (t < count) {
            if ((tf[t] & SINGLE) != 0) {
                int r = t;
                int letters = Character.isLetter(m[ts[t]]) ? 1 : 0;
                while (r + 1 < count && (tf[r + 1] & SINGLE) != 0 && joinSeparator(sc, te[r], ts[r + 1])) {
                    r++;
                    letters += Character.isLetter(m[ts[r]]) ? 1 : 0;
                }
                if (r - t + 1 >= 3 && letters >= 2) {
                    int first = t;
                    char c0 = m[ts[t]];
                    if ((c0 == 'a' || c0 == 'i') && r - t + 1 >= 4 && t > 0 && (tf[t - 1] & SINGLE) == 0
                            && allSpaces(sc, te[t - 1], ts[t]) && allSpaces(sc, te[t], ts[t + 1])) {
                        separator(sc, prevEnd, ts[t]);
                        sc.emit(c0, sc.midOrigin[ts[t]]);
                        prevEnd = te[t];
                        first = t + 1;
                    }
                    separator(sc, prevEnd, ts[first]);
                    for (int q = first; q <= r; q++) {
                        int p = ts[q];
                        sc.emit(leet(m[p]), sc.midOrigin[p]);
                    }
                    prevEnd = te[r];
                    t = r + 1;
                    continue;
                }
            }
            separator(sc, prevEnd, ts[t]);
            int flags = tf[t];
            boolean mapDigits = (flags & HAS_LETTER) != 0 && (flags & HAS_LEET_DIGIT) != 0
                    && ((flags & INTERIOR_LEET) != 0 || leetNearby(tf, count, t));
            if (!mapDigits && (flags & (HAS_SYMBOL | HAS_APOSTROPHE)) == 0) {
                sc.emitRange(ts[t], te[t]);
            } else {
                for (int p = ts[t]; p < te[t]; p++) {
                    byte x = sc.cls[p];
                    if (x == APOSTROPHE) {
                        continue;
                    }
                    char ch = m[p];
                    if (x == LEET_SYMBOL || (mapDigits && x == DIGIT)) {
                        ch = leet(ch);
                    }
                    sc.emit(ch, sc.midOrigin[p]);
                }
            }
            prevEnd = te[t];
            t++;
        }
    }

    private static char leet(char c) {
        return c < 128 && LEET[c] != 0 ? LEET[c] : c;
    }

    private static boolean leetNearby(int[] tf, int count, int t) {
        int from = Math.max(0, t - LEET_NEIGHBOURHOOD);
        int to = Math.min(count - 1, t + LEET_NEIGHBOURHOOD);
        for (int u = from; u <= to; u++) {
            if (u != t && (tf[u] & INTERIOR_LEET) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether mid [a, b) is one space, or one of {@code . - _ * ~ / · •} with optional spaces. */
    private static boolean joinSeparator(NormalizerBuffers sc, int a, int b) {
        int marks = 0;
        int spaces = 0;
        for (int p = a; p < b; p++) {
            char c = sc.mid[p];
            if (c == ' ') {
                spaces++;
                continue;
            }
            if (c == '.' || c == '-' || c == '_' || c == '*' || c == '~' || c == '/' || c == '\u00b7'
                    || c == '\u2022') {
                if (++marks > 1) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return b > a && (marks > 0 || spaces == 1); // two spaces or more: a word gap ("i g n o r e  a l l")
    }

    private static boolean allSpaces(NormalizerBuffers sc, int a, int b) {
        for (int p = a; p < b; p++) {
            if (sc.mid[p] != ' ') {
                return false;
            }
        }
        return b > a;
    }

    /**
     * Emits the separator between the previous word (ending at mid index {@code prevEnd}) and the next one
     * (starting at {@code nextStart}): {@code '.'} when it ends a sentence, else one space; nothing before the
     * first word of the output.
     */
    private static void separator(NormalizerBuffers sc, int prevEnd, int nextStart) {
        if (prevEnd < 0) {
            return;
        }
        char[] m = sc.mid;
        if (nextStart - prevEnd == 1 && m[prevEnd] == ' ') {
            sc.emit(' ', sc.midOrigin[prevEnd]);
            return;
        }
        boolean terminator = false;
        boolean boundary = false;
        for (int p = prevEnd; p < nextStart; p++) {
            char c = m[p];
            if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\u3002' || c == '\uff01' || c == '\uff1f') {
                terminator = true;
            } else if (c == ' ' && terminator) {
                boundary = true;
                break;
            }
        }
        sc.emit(boundary ? '.' : ' ', sc.midOrigin[prevEnd] & ~TextNormalizer.ATTACHED_MASK);
    }
}
