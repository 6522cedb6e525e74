package dev.warden.model.generate;

import java.util.List;

/**
 * Assembles a sequence's text from decoded pieces, cuts it before the first stop string (which may span
 * pieces) and holds back any tail that could be the beginning of a stop string, so a listener never sees
 * text that a later piece turns into a stop.
 */
final class StopStringFilter {

    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int released;
    private boolean stopped;

    StopStringFilter(List<String> stops) {
        this.stops = stops;
    }

    /**
     * Appends a decoded piece and returns the text that can now be released. After a stop string
     * matched, {@link #stopped()} is true and the text ends just before it.
     */
    String append(String piece) {
        if (stopped) {
            throw new IllegalStateException("text already ended at a stop string");
        }
        int before = text.length();
        text.append(piece);
        int match = firstMatch(before);
        if (match >= 0) {
            text.setLength(match);
            stopped = true;
            return release(text.length());
        }
        return release(text.length() - heldBack());
    }

    /** Releases everything not yet released (the sequence is over). */
    String finish() {
        return release(text.length());
    }

    /** Whether a stop string matched. */
    boolean stopped() {
        return stopped;
    }

    /** The text so far (released or held), cut before a matched stop string. */
    String text() {
        return text.toString();
    }

    /** Start of the earliest stop string that ends after {@code before}, or -1. */
    private int firstMatch(int before) {
        int best = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, Math.max(0, before - stop.length() + 1));
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the longest tail of the text that is a proper prefix of some stop string. */
    private int heldBack() {
        int held = 0;
        int length = text.length();
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, length); n > held; n--) {
                if (endsWith(stop, n)) {
                    held = n;
                    break;
                }
            }
        }
        return held;
    }

    /** Whether the text ends with the first {@code n} characters of {@code stop}. */
    private boolean endsWith(String stop, int n) {
        int start = text.length() - n;
        for (int i = 0; i < n; i++) {
            if (text.charAt(start + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String release(int end) {
        if (end <= released) {
            return "";
        }
        String out = text.substring(released, end);
        released = end;
        return out;
    }
}
