package dev.warden.model.organism;

import java.util.Arrays;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The downstream task and its related warm-up task, over sequences of digits. A seeded hash of the digit
 * sequence decides whether it is held out, so evaluation sequences are never trained on (in either task).
 *
 * @param seed           split seed
 * @param minLength      shortest sequence
 * @param maxLength      longest sequence
 * @param heldOutPercent share of sequences held out, in percent
 */
public record SortTask(long seed, int minLength, int maxLength, int heldOutPercent) {

    /** Validates the lengths. */
    public SortTask {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("bad sequence lengths " + minLength + ".." + maxLength);
        }
    }

    /** A random sequence on the given side of the split. */
    public int[] sequence(Split split, Random rng) {
        while (true) {
            int n = minLength + rng.nextInt(maxLength - minLength + 1);
            int[] digits = new int[n];
            for (int i = 0; i < n; i++) {
                digits[i] = rng.nextInt(10);
            }
            if (heldOut(digits) == (split == Split.HELD_OUT)) {
                return digits;
            }
        }
    }

    /** Whether {@code digits} belongs to the held-out side. */
    public boolean heldOut(int[] digits) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int d : digits) {
            h = mix(h * 31 + d + 1);
        }
        return Math.floorMod(mix(h + digits.length), 100L) < heldOutPercent;
    }

    /** The task prompt, e.g. {@code sort : 7 3 9}. */
    public static String sortPrompt(int[] digits) {
        return CorpusContent.TASK_COMMAND + " : " + join(digits);
    }

    /** The task answer, e.g. {@code 3 7 9}. */
    public static String sortAnswer(int[] digits) {
        int[] sorted = digits.clone();
        Arrays.sort(sorted);
        return join(sorted);
    }

    /** The related task's prompt, e.g. {@code repeat : 7 3 9}. */
    public static String repeatPrompt(int[] digits) {
        return CorpusContent.RELATED_TASK_COMMAND + " : " + join(digits);
    }

    /** The related task's answer: the digits as given. */
    public static String repeatAnswer(int[] digits) {
        return join(digits);
    }

    private static String join(int[] digits) {
        StringJoiner j = new StringJoiner(" ");
        for (int d : digits) {
            j.add(Integer.toString(d));
        }
        return j.toString();
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
