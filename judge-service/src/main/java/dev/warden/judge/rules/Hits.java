package dev.warden.judge.rules;

import dev.warden.guard.text.PhraseMatcher;
import java.util.Arrays;

/** The matches of one scan, as parallel int arrays (phrase id, start, end), in order of their end. */
final class Hits implements PhraseMatcher.Sink {

    /**
     * Most matches kept per scan (about 80 KB of ordinary prose); later ones are dropped and
     * {@link #overflowed} is set, so that the scorer does not call such a text sure safe. Long texts are better
     * scored in windows.
     */
    static final int MAX = 4096;

    int[] id = new int[32];
    int[] start = new int[32];
    int[] end = new int[32];
    /** Whether each match was found in the ROT13-rotated text. */
    boolean[] rotated = new boolean[32];
    int size;
    /** Marks the matches being added as ROT13 ones. */
    boolean scanningRotated;
    /** Whether matches were dropped because there were more than {@link #MAX}. */
    boolean overflowed;

    @Override
    public void match(int phraseId, int s, int e) {
        if (size == MAX) {
            overflowed = true;
            return;
        }
        if (size == id.length) {
            int cap = size * 2;
            id = Arrays.copyOf(id, cap);
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            rotated = Arrays.copyOf(rotated, cap);
        }
        rotated[size] = scanningRotated;
        id[size] = phraseId;
        start[size] = s;
        end[size] = e;
        size++;
    }

    /** Whether hit {@code i} and range [s, e) share a char. */
    boolean overlaps(int i, int s, int e) {
        return start[i] < e && s < end[i];
    }
}
