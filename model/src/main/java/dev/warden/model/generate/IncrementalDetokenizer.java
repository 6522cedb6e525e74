package dev.warden.model.generate;

import java.util.Arrays;

/**
 * Streams the text of a growing token sequence, decoding only a short window per token. The window
 * starts one token before the newest released text (so tokenizers that drop a word's leading space at
 * the start of a decode still place spaces right), and text is held while it ends in U+FFFD, the mark of a
 * character whose bytes span several tokens.
 */
final class IncrementalDetokenizer {

    private static final char REPLACEMENT = '\uFFFD';

    private final Detokenizer detokenizer;
    private long[] ids = new long[16];
    private int size;
    private int prefixOffset; // start of the decode window
    private int readOffset; // tokens whose text is already released

    IncrementalDetokenizer(Detokenizer detokenizer) {
        this.detokenizer = detokenizer;
    }

    /** Adds a token; returns the text it completes, possibly empty. */
    String add(long id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String before = decode(prefixOffset, readOffset);
        String after = decode(prefixOffset, size);
        if (after.length() > before.length() && after.charAt(after.length() - 1) != REPLACEMENT) {
            prefixOffset = readOffset;
            readOffset = size;
            return after.substring(before.length());
        }
        return "";
    }

    /** Releases whatever text is still held (an incomplete character stays U+FFFD). */
    String flush() {
        if (readOffset == size) {
            return "";
        }
        String before = decode(prefixOffset, readOffset);
        String after = decode(prefixOffset, size);
        prefixOffset = readOffset;
        readOffset = size;
        return after.length() > before.length() ? after.substring(before.length()) : "";
    }

    /** The tokens added so far. */
    long[] ids() {
        return Arrays.copyOf(ids, size);
    }

    private String decode(int from, int to) {
        return from == to ? "" : detokenizer.decode(Arrays.copyOfRange(ids, from, to));
    }
}
