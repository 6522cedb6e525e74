package dev.warden.guard.text;

/** Character classes with an ASCII table fast path (the JDK's Character methods are slower per call). */
final class Chars {

    private static final byte LETTER = 1;
    private static final byte DIGIT = 2;
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = LETTER;
            ASCII[Character.toUpperCase(c)] = LETTER;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = DIGIT;
        }
    }

    private Chars() {
    }

    /** {@link Character#isLetter(char)}. */
    static boolean letter(char c) {
        return c < 128 ? ASCII[c] == LETTER : Character.isLetter(c);
    }

    /** {@link Character#isDigit(char)}. */
    static boolean digit(char c) {
        return c < 128 ? ASCII[c] == DIGIT : Character.isDigit(c);
    }

    /** {@link Character#isLetterOrDigit(char)}. */
    static boolean alnum(char c) {
        return c < 128 ? ASCII[c] != 0 : Character.isLetterOrDigit(c);
    }
}
