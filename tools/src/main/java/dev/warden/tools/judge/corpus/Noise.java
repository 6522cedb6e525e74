package dev.warden.tools.judge.corpus;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Surface noise of real user text, applied to generated requests: typos (swapped, dropped, doubled
 * letters), all-lowercase without final punctuation, shouting, light leetspeak, slang openers and closers
 * (from the split's [slang-prefix] and [slang-suffix] sections).
 */
public final class Noise {

    /** Chance that a request gets one to three typos. */
    public static final double TYPO = 0.15;
    /** Chance that a request is lowercased with its final punctuation dropped. */
    public static final double LOWERCASE = 0.15;
    /** Chance that a request is all capitals. */
    public static final double SHOUT = 0.02;
    /** Chance that one or two words get leetspeak digits. */
    public static final double LEET = 0.04;
    /** Chance of a slang opener, and separately of a slang closer. */
    public static final double SLANG = 0.07;

    private Noise() {
    }

    /**
     * Applies random noise to {@code text}.
     *
     * @param prefixes slang openers of the split
     * @param suffixes slang closers of the split
     */
    public static String apply(String text, SplittableRandom random, List<ContentItem> prefixes,
                               List<ContentItem> suffixes, List<String> sources) {
        String t = text;
        if (random.nextDouble() < TYPO) {
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                t = typo(t, random);
            }
        }
        if (random.nextDouble() < LEET) {
            t = leet(t, random);
        }
        if (random.nextDouble() < SLANG) {
            ContentItem p = prefixes.get(random.nextInt(prefixes.size()));
            sources.add(p.id());
            t = p.text() + " " + t;
        }
        if (random.nextDouble() < SLANG) {
            ContentItem s = suffixes.get(random.nextInt(suffixes.size()));
            sources.add(s.id());
            t = t + " " + s.text();
        }
        double casing = random.nextDouble();
        if (casing < LOWERCASE) {
            t = t.toLowerCase(Locale.ROOT).replaceAll("[.?!]+$", "");
        } else if (casing < LOWERCASE + SHOUT) {
            t = t.toUpperCase(Locale.ROOT);
        }
        return t;
    }

    /** One typo in a random word of four or more letters (unchanged when there is none). */
    static String typo(String text, SplittableRandom random) {
        int[] starts = new int[text.length()];
        int words = 0;
        int i = 0;
        while (i < text.length()) {
            int j = i;
            while (j < text.length() && Character.isLetter(text.charAt(j))) {
                j++;
            }
            if (j - i >= 4) {
                starts[words++] = i;
            }
            i = Math.max(j, i) + 1;
        }
        if (words == 0) {
            return text;
        }
        int start = starts[random.nextInt(words)];
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        int at = start + 1 + random.nextInt(end - start - 2);
        StringBuilder b = new StringBuilder(text);
        switch (random.nextInt(3)) {
            case 0 -> {
                char c = b.charAt(at);
                b.setCharAt(at, b.charAt(at + 1));
                b.setCharAt(at + 1, c);
            }
            case 1 -> b.deleteCharAt(at);
            default -> b.insert(at, b.charAt(at));
        }
        return b.toString();
    }

    /** Leetspeak digits in one or two words of four or more letters. */
    static String leet(String text, SplittableRandom random) {
        String[] words = text.split(" ", -1);
        int changes = 1 + random.nextInt(2);
        for (int k = 0; k < changes; k++) {
            int w = random.nextInt(words.length);
            if (words[w].length() >= 4) {
                words[w] = words[w].replace('a', '4').replace('e', '3').replace('o', '0').replace('i', '1');
            }
        }
        return String.join(" ", words);
    }
}
